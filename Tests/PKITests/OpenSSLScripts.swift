/// The openssl commands of `certs/README.md`, verbatim except that the README's first line of each block
/// (`NAME=… ROLE=… DAYS=…`) is passed here as environment variables. Keep the two in sync: the README
/// promises operators that these exact commands are exercised by the tests.
enum OpenSSLScripts {
    /// README "Make the fleet CA with openssl".
    static let ca = """
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
        chmod 600 ca.key
        openssl req -x509 -new -key ca.key -sha256 -days 3650 \\
          -subj "/O=nodeagent/CN=nodeagent fleet CA" \\
          -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \\
          -addext "keyUsage=critical,keyCertSign,cRLSign" \\
          -addext "subjectKeyIdentifier=hash" \\
          -out ca.pem
        chmod 644 ca.pem
        """

    /// README "Issue a node certificate with openssl".
    static let node = """
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$NAME.key"
        chmod 600 "$NAME.key"
        openssl req -new -key "$NAME.key" -subj "/O=nodeagent/OU=node/title=$ROLE/CN=$NAME" -out "$NAME.csr"
        cat > "$NAME.ext" <<EOF
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth, clientAuth
        subjectAltName = DNS:$NAME
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        EOF
        openssl x509 -req -in "$NAME.csr" -CA ca.pem -CAkey ca.key \\
          -set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" -sha256 \\
          -extfile "$NAME.ext" -out "$NAME.pem"
        chmod 644 "$NAME.pem"
        rm "$NAME.csr" "$NAME.ext"
        """

    /// README "Issue an admin certificate with openssl": as for a node, but OU=admin and no role.
    static let admin = """
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$NAME.key"
        chmod 600 "$NAME.key"
        openssl req -new -key "$NAME.key" -subj "/O=nodeagent/OU=admin/CN=$NAME" -out "$NAME.csr"
        cat > "$NAME.ext" <<EOF
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth, clientAuth
        subjectAltName = DNS:$NAME
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        EOF
        openssl x509 -req -in "$NAME.csr" -CA ca.pem -CAkey ca.key \\
          -set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" -sha256 \\
          -extfile "$NAME.ext" -out "$NAME.pem"
        chmod 644 "$NAME.pem"
        rm "$NAME.csr" "$NAME.ext"
        """
}
