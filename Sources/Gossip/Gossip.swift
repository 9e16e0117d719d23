// The Gossip module. See ARCHITECTURE in README.
