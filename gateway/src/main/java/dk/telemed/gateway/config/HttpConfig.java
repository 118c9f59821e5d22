package dk.telemed.gateway.config;

public record HttpConfig(String host, int port, TlsConfig tls) {
    void validate(Problems p) {
        p.require(host != null && !host.isBlank(), "http.host", "must not be empty");
        p.between(port, 0, 65535, "http.port");
        tls.validate(p);
    }
}
