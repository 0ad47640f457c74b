//! TLS for the service (`shenfu serve --tls-cert --tls-key`): rustls with the ring provider,
//! HTTP/1.1 over it. A client that does not finish its handshake within the header timeout is
//! dropped, as one that does not send its headers is.

use std::sync::Arc;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A certificate chain and its private key, ready to accept connections.
#[derive(Clone)]
pub struct Tls {
    pub(crate) acceptor: tokio_rustls::TlsAcceptor,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tls")
    }
}

impl Tls {
    /// From PEM text: the certificate chain (leaf first) and the private key (PKCS#8, PKCS#1 or
    /// SEC1). The error says which part is wrong.
    pub fn from_pem(chain: &[u8], key: &[u8]) -> Result<Self, String> {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(chain)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("the certificate file is not PEM certificates: {e}"))?;
        if certs.is_empty() {
            return Err("the certificate file holds no certificate".to_owned());
        }
        let key = PrivateKeyDer::from_pem_slice(key)
            .map_err(|e| format!("the key file is not a PEM private key: {e}"))?;
        let config = ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| format!("the certificate and the key do not go together: {e}"))?;
        Ok(Self {
            acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        })
    }
}
