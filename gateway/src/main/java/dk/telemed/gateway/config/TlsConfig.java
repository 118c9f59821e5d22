package dk.telemed.gateway.config;

/** HTTPS for the gateway's HTTP server: PEM certificate chain and private key; both empty = plain HTTP. */
public record TlsConfig(String certFile, String keyFile) {
    public boolean enabled() {
        return !certFile.isBlank();
    }

    void validate(Problems p) {
        p.require(certFile != null && keyFile != null, "http.tls", "certFile and keyFile must be strings (\"\" for no TLS)");
        if (certFile == null || keyFile == null) {
            return;
        }
        p.require(certFile.isBlank() == keyFile.isBlank(), "http.tls",
                "set both certFile and keyFile for HTTPS, or neither for plain HTTP");
        fileExists(p, certFile, "http.tls.certFile");
        fileExists(p, keyFile, "http.tls.keyFile");
    }

    private static void fileExists(Problems p, String file, String key) {
        if (!file.isBlank()) {
            p.require(java.nio.file.Files.isReadable(java.nio.file.Path.of(file)), key,
                    "'" + file + "' is not a readable file");
        }
    }
}
