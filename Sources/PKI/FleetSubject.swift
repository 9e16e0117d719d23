import SwiftASN1
import X509

/// The conventions by which a fleet certificate's subject says what it is.
///
/// They are deliberately plain X.500 attributes so that an operator can make the same certificate with
/// `openssl req -subj "/O=nodeagent/OU=node/title=app/CN=app1"` and read it back with
/// `openssl x509 -noout -subject`:
/// - `O=nodeagent` on every fleet certificate;
/// - `OU=node` for an agent, `OU=admin` for an operator's client certificate (admin mutations need it),
///   `OU=reader` for a client that may only query (see `CertificateKind`);
/// - `title=<role>` (OID 2.5.4.12) carries a node's role (`app`, `int`, `db`, …);
/// - `CN=<name>`, equal to the SAN DNS name, which is what peers actually check.
public enum FleetSubject {
    /// The organization every fleet certificate carries.
    public static let organization = "nodeagent"
    /// The organizational unit of a node (agent) certificate.
    public static let nodeUnit = "node"
    /// The organizational unit that marks an admin client certificate.
    public static let adminUnit = "admin"
    /// The organizational unit that marks a read-only client certificate.
    public static let readerUnit = "reader"
    /// The X.500 `title` attribute, which carries a node's role.
    public static let roleAttribute: ASN1ObjectIdentifier = [2, 5, 4, 12]
    /// The longest node name: a DNS label.
    public static let maximumNameLength = 63
    /// The longest role we accept.
    public static let maximumRoleLength = 64

    /// Checks that `name` is a lowercase DNS label, because it becomes the SAN that peers compare with the
    /// name a node claims; anything looser would let two spellings name one node.
    public static func validateName(_ name: String) throws(PKIError) {
        guard !name.isEmpty else { throw .invalidName(name: name, reason: "it is empty") }
        guard name.utf8.count <= maximumNameLength else {
            throw .invalidName(name: name, reason: "longer than \(maximumNameLength) characters")
        }
        for byte in name.utf8 where !isLowercaseAlphanumeric(byte) && byte != UInt8(ascii: "-") {
            throw .invalidName(name: name, reason: "only a-z, 0-9 and '-' are allowed")
        }
        if name.utf8.first == UInt8(ascii: "-") || name.utf8.last == UInt8(ascii: "-") {
            throw .invalidName(name: name, reason: "it must not start or end with '-'")
        }
    }

    /// Checks that `role` is safe in an openssl `-subj` argument and in a config file: letters, digits,
    /// '.', '_' and '-' only.
    public static func validateRole(_ role: String) throws(PKIError) {
        guard !role.isEmpty, role.utf8.count <= maximumRoleLength else {
            throw .invalidRole(role: role, reason: "must be 1 to \(maximumRoleLength) characters")
        }
        for byte in role.utf8 where !isRoleByte(byte) {
            throw .invalidRole(role: role, reason: "only letters, digits, '.', '_' and '-' are allowed")
        }
    }

    /// Builds the subject of a node, admin or reader certificate.
    static func subject(name: String, role: String?, kind: CertificateKind) throws -> DistinguishedName {
        var rdns: [RelativeDistinguishedName] = [
            RelativeDistinguishedName(.init(type: .RDNAttributeType.organizationName, utf8String: organization)),
            RelativeDistinguishedName(
                .init(type: .RDNAttributeType.organizationalUnitName, utf8String: kind.organizationalUnit)
            ),
        ]
        if let role {
            rdns.append(RelativeDistinguishedName(.init(type: roleAttribute, utf8String: role)))
        }
        rdns.append(RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, utf8String: name)))
        return DistinguishedName(rdns)
    }

    /// Builds the subject of the fleet CA.
    static func caSubject(commonName: String) -> DistinguishedName {
        DistinguishedName([
            RelativeDistinguishedName(.init(type: .RDNAttributeType.organizationName, utf8String: organization)),
            RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, utf8String: commonName)),
        ])
    }

    /// All string values of attributes of type `type` in `name`, in order.
    static func values(of type: ASN1ObjectIdentifier, in name: DistinguishedName) -> [String] {
        name.flatMap { rdn in rdn.filter { $0.type == type } }.compactMap { String($0.value) }
    }

    private static func isLowercaseAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isRoleByte(_ byte: UInt8) -> Bool {
        isLowercaseAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
