// The Quorum module. See ARCHITECTURE in README.
