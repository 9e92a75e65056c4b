"""No DNS rebinding: the client connects to the address it checked, never to a second DNS answer.

The resolver is stubbed to answer a public address to the first question and a private one to every
later question (what a rebinding name does). The transport is stubbed below the HTTP layer: urllib3's
`create_connection` records the address it is asked to reach (a host name is resolved there with the
same stub, as the system resolver would) and hands back one end of a socketpair served by a thread,
so no real connection is made. The private answer must never be contacted; Host, TLS SNI and the
certificate check keep the host name.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from pathlib import Path

import pytest
import requests
import urllib3.util.connection

from extract.http import FetchError, PoliteClient
from extract.sources import HttpSettings

HOST = "press.example.no"
PUBLIC_IP = "93.184.216.34"
PRIVATE_IP = "10.0.0.9"
SETTINGS = HttpSettings(delay_seconds=0.0, retries=0, obey_robots=False, connect_timeout_seconds=2.0,
                        read_timeout_seconds=2.0)
PAGE = "<html><body><h1>Godt signal</h1><p>Kommunene får mer.</p></body></html>".encode()


class RebindingResolver:
    """Public on the first question, private on every later one."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        return [PUBLIC_IP] if len(self.calls) == 1 else [PRIVATE_IP]


class FakeNetwork:
    """Stands in for TCP: records every address asked for and serves PAGE over a socketpair."""

    def __init__(self, resolver: RebindingResolver, tls: ssl.SSLContext | None = None) -> None:
        self.resolver = resolver
        self.tls = tls
        self.contacted: list[str] = []
        self.requests: list[bytes] = []
        self.sni: list[str | None] = []
        self.threads: list[threading.Thread] = []

    def create_connection(self, address, timeout=None, source_address=None, socket_options=None):
        host, _port = address
        try:
            ipaddress.ip_address(host)
        except ValueError:
            host = self.resolver(host)[0]  # a host name: resolved again, as the system would
        self.contacted.append(host)
        if host != PUBLIC_IP:
            raise ConnectionRefusedError(f"{host} is not the press room")
        client, server = socket.socketpair()
        thread = threading.Thread(target=self._serve, args=(server,), daemon=True)
        thread.start()
        self.threads.append(thread)
        return client

    def _serve(self, sock: socket.socket) -> None:
        try:
            if self.tls is not None:
                sock = self.tls.wrap_socket(sock, server_side=True)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                data += chunk
            self.requests.append(data)
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                         + f"Content-Length: {len(PAGE)}\r\nConnection: close\r\n\r\n".encode() + PAGE)
        except (OSError, ssl.SSLError):
            return
        finally:
            sock.close()


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch):
    def make(tls: ssl.SSLContext | None = None) -> tuple[RebindingResolver, FakeNetwork]:
        resolver = RebindingResolver()
        net = FakeNetwork(resolver, tls)
        monkeypatch.setattr(urllib3.util.connection, "create_connection", net.create_connection)

        def no_system_dns(host, port, *args, **kwargs):  # any other lookup gets the rebinding answer too
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (resolver(host)[0], port))]

        monkeypatch.setattr(socket, "getaddrinfo", no_system_dns)
        return resolver, net

    return make


def test_connection_goes_to_the_checked_address_not_the_second_answer(network) -> None:
    resolver, net = network()
    client = PoliteClient(SETTINGS, allowed_hosts=[HOST], resolve=resolver)
    first = client.get(f"http://{HOST}/pressemelding/18307640/godt-signal")
    second = client.get(f"http://{HOST}/pressemelding/18307641/nytt-signal")
    assert first.body == PAGE and second.status == 200
    assert net.contacted == [PUBLIC_IP, PUBLIC_IP]  # the private second answer was never contacted
    assert resolver.calls == [HOST]  # asked once, checked once, pinned
    assert all(f"Host: {HOST}\r\n".encode() in raw for raw in net.requests)  # the name, not the address


def test_without_pinning_the_same_stubs_reach_the_private_answer(network) -> None:
    """The control: a plain requests session resolves again when it connects, and gets rebound."""
    resolver, net = network()
    assert resolver(HOST) == [PUBLIC_IP]  # the check a client without pinning would make
    with pytest.raises(requests.ConnectionError):
        requests.Session().get(f"http://{HOST}/pressemelding/18307640/godt-signal", timeout=2)
    assert net.contacted == [PRIVATE_IP]


def test_a_name_answering_private_first_is_refused_before_any_connection(network) -> None:
    resolver, net = network()
    resolver.calls.append("earlier question")  # so the first answer here is already the private one
    client = PoliteClient(SETTINGS, allowed_hosts=[HOST], resolve=resolver)
    with pytest.raises(FetchError, match=f"non-public address {PRIVATE_IP}"):
        client.get(f"http://{HOST}/x")
    assert net.contacted == []


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_tls_keeps_the_host_name_for_sni_and_the_certificate(network, tmp_path: Path) -> None:
    cert_path, key_path = _self_signed(tmp_path)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert_path, key_path)
    resolver, net = network(server_tls)
    server_tls.sni_callback = lambda _sock, server_name, _ctx: net.sni.append(server_name)
    session = requests.Session()
    session.trust_env = False  # else REQUESTS_CA_BUNDLE in the environment replaces `verify`
    session.verify = str(cert_path)  # the certificate is for press.example.no, not for the address
    client = PoliteClient(SETTINGS, allowed_hosts=[HOST], session=session, resolve=resolver)
    result = client.get(f"https://{HOST}/pressemelding/18307640/godt-signal")
    assert result.body == PAGE
    assert net.contacted == [PUBLIC_IP]
    assert net.sni == [HOST]
