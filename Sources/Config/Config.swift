// The Config module. See ARCHITECTURE in README.
