// The AgentCore module. See ARCHITECTURE in README.
