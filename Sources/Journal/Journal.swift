// The Journal module. See ARCHITECTURE in README.
