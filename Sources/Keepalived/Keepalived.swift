// The keepalived bridge.
