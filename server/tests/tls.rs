//! HTTPS: the service behind `--tls-cert`/`--tls-key` (rustls), called by a TLS client that
//! trusts only the certificate made for the test; plain HTTP to the same port gets nothing.
#![cfg(test)]

use shenfu_server::{Config, Tls};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_answers_and_plain_http_does_not() {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert_pem, key_pem) = (made.cert.pem(), made.signing_key.serialize_pem());
    assert!(Tls::from_pem(b"not pem", key_pem.as_bytes()).is_err());
    assert!(Tls::from_pem(cert_pem.as_bytes(), b"").is_err());
    let mut config = Config::new(Arc::new(shenfu_rules::Rulebook::embedded().clone()));
    config.tls = Some(Tls::from_pem(cert_pem.as_bytes(), key_pem.as_bytes()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        shenfu_server::run(&config, listener, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from(made.cert.der().to_vec()))
        .unwrap();
    let client = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
    let mut answer = String::new();
    for _ in 0..100 {
        let Ok(tcp) = tokio::net::TcpStream::connect(addr).await else {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            continue;
        };
        let mut tls = connector
            .connect(ServerName::try_from("localhost").unwrap(), tcp)
            .await
            .unwrap();
        tls.write_all(b"GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        tls.read_to_string(&mut answer).await.unwrap_or_default();
        break;
    }
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with("{\"status\":\"live\"}"), "{answer}");
    // Plain HTTP to the TLS port: no HTTP answer.
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.write_all(b"GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut plain = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tcp.read_to_end(&mut plain),
    )
    .await;
    assert!(!String::from_utf8_lossy(&plain).contains("200 OK"));
    let _ = stop.send(());
    server.await.unwrap();
}
