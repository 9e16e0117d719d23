import Foundation
import PKI
import Testing

/// Certificates made with the openssl command line (as certs/README.md shows) work for agents, both as
/// server and as client, alongside certificates that `nodeagent certs` issues from the same CA.
@Suite("OpenSSL-made certificates", .serialized)
struct OpenSSLInteropTests {
    @Test("an agent with openssl-made CA and certificate connects to one with a nodeagent-issued certificate")
    func opensslCertificatesInterop() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        let dir = fleet.directory + "/openssl"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = """
        set -e
        cd "$1"
        openssl ecparam -name prime256v1 -genkey -noout -out ca.key
        openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=nodeagent/CN=openssl fleet CA" \
          -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
        openssl ecparam -name prime256v1 -genkey -noout -out int1.key
        openssl req -new -key int1.key -subj "/O=nodeagent/OU=node/CN=int1" -out int1.csr
        printf '%s\\n' "subjectAltName=DNS:int1" "extendedKeyUsage=serverAuth,clientAuth" \
          "keyUsage=critical,digitalSignature" "basicConstraints=CA:FALSE" > int1.ext
        openssl x509 -req -in int1.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -sha256 -extfile int1.ext -out int1.pem
        openssl ecparam -name prime256v1 -genkey -noout -out probe.key
        openssl req -new -key probe.key -subj "/O=nodeagent/OU=node/CN=probe" -out probe.csr
        sed 's/DNS:int1/DNS:probe/' int1.ext > probe.ext
        openssl x509 -req -in probe.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -sha256 -extfile probe.ext -out probe.pem
        """
        let made = try Shell.run(["/bin/bash", "-c", script, "make", dir], timeout: .seconds(30))
        try #require(made.status == 0, "openssl failed: \(made)")

        // int1 uses the openssl files as they are; int2 gets a certificate issued by nodeagent from the openssl CA.
        let opensslCA = try FleetCA.load(directory: dir)
        _ = try opensslCA.issue(name: "int2", role: "int", directory: dir)
        let int1 = try fleet.addNode("int1", role: "int", certificate: false)
        let int2 = try fleet.addNode("int2", role: "int", certificate: false)
        for node in [int1, int2] {
            var text = try String(contentsOfFile: node.configPath, encoding: .utf8)
            text = text.replacingOccurrences(of: fleet.tlsDirectory, with: dir)
            try text.write(toFile: node.configPath, atomically: true, encoding: .utf8)
        }
        try fleet.start("int1")
        var text = try String(contentsOfFile: int2.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "seeds = []", with: "seeds = [\"\(int1.address)\"]")
        try text.write(toFile: int2.configPath, atomically: true, encoding: .utf8)
        try fleet.start("int2")
        #expect(fleet.eventually { fleet.peers(of: "int1") == ["int2"] && fleet.peers(of: "int2") == ["int1"] },
                "int1: \(fleet.log("int1"))\nint2: \(fleet.log("int2"))")
        let status = try fleet.status("int2")
        let peer = try #require((status["peers"] as? [[String: Any]])?.first)
        let identity = try #require(peer["identity"] as? [String: Any])
        #expect(identity["subjectAltName"] as? String == "int1")

        // openssl s_client WITH the openssl-made client certificate completes the handshake and gets the
        // agent's hello back; WITHOUT a certificate it is refused.
        let accepted = try TLSProbe.tls(int2.address, cert: dir + "/probe.pem", key: dir + "/probe.key",
                                        payload: try TLSProbe.helloFrame("probe"), timeout: .seconds(4))
        #expect(accepted.stdout.contains(#""node":"int2""#), "s_client with an openssl certificate got no hello: \(accepted)")
        let withoutCertificate = try TLSProbe.tls(int1.address, payload: try TLSProbe.helloFrame("int1"))
        #expect(!withoutCertificate.timedOut)
        #expect(fleet.eventually(timeout: .seconds(5)) { fleet.log("int1").contains("no client certificate presented") })
    }
}
