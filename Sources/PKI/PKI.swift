// The PKI module. See ARCHITECTURE in README.
