// The Mesh module. See ARCHITECTURE in README.
