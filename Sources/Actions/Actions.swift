// The Actions module. See ARCHITECTURE in README.
