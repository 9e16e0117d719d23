/// The agent's version, announced in every hello so a rolling update can see who runs what.
public enum AgentVersion {
    public static let current = "0.1.0"
    /// The wire format and message protocol this build speaks.
    public static let protocolDescription = "frame format 1, protocol 1"
}
