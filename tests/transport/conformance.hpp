#pragma once

// The HTTP conformance part of the transport contract: scripted servers that break HTTP/1.1
// framing or connection reuse in one way each (RFC 9112 sections 6 to 9, RFC 9110 15.2), and
// what a transport must make of it. A framing slip on a kept-alive connection would hand one
// caller's answer to the next caller, so most cases check the call after the hostile answer too.

#include "contract.hpp"
#include "scripted_server.hpp"

#include "../e2e/test_pki.hpp"

#include <boost/asio/ssl/context.hpp>

namespace test::contract {

inline std::string const alice = R"({"user":"alice"})";
inline std::string const bob = R"({"user":"bob"})";
inline std::string const mallory = R"({"user":"mallory"})";  // what nobody asked for

/// Interim answers (103 Early Hints, 100 Continue) before the answer are read and skipped: the
/// answer is the call's, and the next call on the connection gets its own.
template <class Transport>
void skips_interim_answers(auto local) {
  scripted_server server([](scripted_connection& c) {
    for (int i = 0; c.read_request(); ++i) {
      if (i == 0 && !c.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                             "HTTP/1.1 100 Continue\r\n\r\n"))
        return;
      c.write(answer_with(i == 0 ? alice : bob));
    }
  });
  Transport const transport(local());
  auto const first = transport(get(server.url() + "/alice"));
  REQUIRE_FALSE(first.error);
  CHECK(first.response.status == 200);
  CHECK(first.response.body == alice);
  auto const second = transport(get(server.url() + "/bob"));
  REQUIRE_FALSE(second.error);
  CHECK(second.response.status == 200);
  CHECK(second.response.body == bob);
}

/// A TLS connection is kept alive too: what TLS 1.3 sends after its handshake (session tickets)
/// is not taken for bytes nobody asked for.
template <class Transport>
void keeps_tls_connections_alive(auto local) {
  namespace ssl = boost::asio::ssl;
  ssl::context tls(ssl::context::tls_server);
  tls.use_certificate_chain_file(pki().server);
  tls.use_private_key_file(pki().key, ssl::context::pem);
  scripted_server server(
      [](scripted_connection& c) {
        while (c.read_request()) c.write(answer_with(alice));
      },
      [&](int) { return &tls; });
  auto o = local();
  o.ca_file = pki().ca;
  Transport const transport(o);
  for (int i = 0; i < 5; ++i) {
    auto const r = transport(get(server.url(true) + "/alice"));
    REQUIRE_FALSE(r.error);
    CHECK(r.response.body == alice);
    std::this_thread::sleep_for(20ms);
  }
  CHECK(server.connections() == 1);
}

/// Bytes a server sends while its connection sits idle (an answer nobody asked for) never answer
/// a later call: the connection is not reused. `apart` is how long after the answer they come.
template <class Transport>
void never_reuses_a_connection_with_bytes_waiting(auto local, std::chrono::milliseconds apart) {
  scripted_server server([apart](scripted_connection& c) {
    if (!c.read_request()) return;
    if (c.index() != 0) {
      c.write(answer_with(bob));
    } else if (apart.count() == 0) {
      c.write(answer_with(alice) + answer_with(mallory));  // in one write: pipelined junk
    } else {
      c.write(answer_with(alice));
      std::this_thread::sleep_for(apart);
      c.write(answer_with(mallory));
    }
    while (c.read_request()) c.write(answer_with(R"({"user":"reused"})"));
  });
  Transport const transport(local());
  auto const first = transport(get(server.url() + "/alice"));
  REQUIRE_FALSE(first.error);
  CHECK(first.response.body == alice);
  std::this_thread::sleep_for(apart + 100ms);
  auto const second = transport(get(server.url() + "/bob"));
  REQUIRE_FALSE(second.error);
  CHECK(second.response.body == bob);
  CHECK(server.connections() == 2);
}

/// An interim answer and the answer after it, a byte at a time, chunked with an extension and a
/// trailer: read whole, the trailer's field not merged into the head's (RFC 9110 6.5.1), and the
/// connection reused since its answer was read to the end.
template <class Transport>
void reads_answers_split_across_reads(auto local) {
  scripted_server server([](scripted_connection& c) {
    std::string const whole =
        "HTTP/1.1 100 Continue\r\n\r\n"
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Request-Id: r-1\r\n\r\n"
        "5\r\n{\"a\":\r\n4;x=y\r\n\"b\"}\r\n0\r\nX-Trailer: t\r\n\r\n";
    while (c.read_request())
      for (char const ch : whole) {
        if (!c.write(std::string_view(&ch, 1))) return;
        std::this_thread::sleep_for(1ms);
      }
  });
  Transport const transport(local());
  for (int i = 0; i < 2; ++i) {
    auto const r = transport(get(server.url() + "/split"));
    REQUIRE_FALSE(r.error);
    CHECK(r.response.status == 200);
    CHECK(r.response.body == R"({"a":"b"})");
    CHECK(r.response.headers.find("x-request-id") == "r-1");
    CHECK_FALSE(r.response.headers.contains("x-trailer"));
  }
  CHECK(server.connections() == 1);
}

/// A part of an answer that never ends (a chunk extension, a trailer), sent as fast as the
/// client reads: the call fails, and a transport that buffers such parts (`stops_reading`)
/// stops at its max_response_size with response_too_large, its memory bounded by that limit.
template <class Transport>
void bounds_an_endless_part(auto local, std::string const& head, std::string const& piece, bool stops_reading) {
  constexpr std::size_t cap = 256 * 1024 * 1024;
  std::atomic<bool> stopped_early{false};
  std::atomic<std::size_t> written{0};
  {
    scripted_server server([&](scripted_connection& c) {
      if (!c.read_request() || !c.write(head)) return;
      stopped_early = c.write_endlessly(piece, cap);
      written = c.written();
    });
    auto o = local();
    o.max_response_size = 256 * 1024;
    o.timeout = 3s;
    auto const r = Transport(o)(get(server.url() + "/endless"));
    CHECK(r.error);
    if (stops_reading) CHECK(r.error == transport_errc::response_too_large);
  }
  MESSAGE("the server wrote " << written / 1024 << " KiB before the client stopped reading");
  if (stops_reading) {
    CHECK(stopped_early);
    CHECK(written < 32u * 1024 * 1024);  // the limit, and what the kernel's socket buffers hold
  }
}

template <class Transport>
void bounds_an_endless_chunk_extension(auto local, bool stops_reading) {
  bounds_an_endless_part<Transport>(local, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;", "ext=value;",
                                    stops_reading);
}

template <class Transport>
void bounds_an_endless_trailer(auto local, bool stops_reading) {
  bounds_an_endless_part<Transport>(local, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n",
                                    "X-Trailer: value\r\n", stops_reading);
}

/// A server that closes after an answer's head (or after an interim answer) fails the call as a
/// lost connection: a POST that may not be repeated may have been received, and is sent once.
template <class Transport>
void reports_an_answer_cut_after_its_head(auto local) {
  for (std::string const head : {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                 "HTTP/1.1 100 Continue\r\n\r\n"}) {
    CAPTURE(head);
    scripted_server server([&head](scripted_connection& c) {
      if (!c.read_request()) return;
      c.write(head);
      c.close();
    });
    http_request post{http_method::post, server.url() + "/import", {{"content-type", "application/json"}}, "{}"};
    auto const r = Transport(local())(post);
    CHECK(r.error == transport_errc::connection_lost);
    CHECK_FALSE(genauth::request_not_sent(r.error));
    CHECK(server.connections() == 1);
  }
}

/// An idempotent request goes out on a kept-alive connection, which the server then drops
/// without answering: the transport may try a new connection, but when that one is refused or
/// meets a certificate it must not trust, the failure is not "nothing was sent" (the server read
/// the whole request). `tls` makes the connections HTTPS, the second with a certificate for
/// another host name.
template <class Transport>
void reports_a_failed_reconnect_as_sent(auto local, bool tls) {
  namespace ssl = boost::asio::ssl;
  auto const context = [](std::string const& certificate) {
    auto c = std::make_unique<ssl::context>(ssl::context::tls_server);
    c->use_certificate_chain_file(certificate);
    c->use_private_key_file(pki().key, ssl::context::pem);
    return c;
  };
  auto const trusted = context(pki().server), untrusted = context(pki().other_host);
  std::atomic<int> requests{0};
  scripted_server* self = nullptr;
  scripted_server server(
      [&](scripted_connection& c) {
        if (c.index() != 0 || !c.read_request()) return;
        ++requests;
        c.write(answer_with("{}"));
        if (!c.read_request()) return;
        ++requests;  // read whole: the server goes away without answering
        if (!tls) self->stop_listening();
        c.close();
      },
      [&](int index) { return tls ? (index == 0 ? trusted.get() : untrusted.get()) : nullptr; });
  self = &server;
  auto o = local();
  if (tls) o.ca_file = pki().ca;
  Transport const transport(o);
  REQUIRE_FALSE(transport(get(server.url(tls) + "/first")).error);
  auto const r = transport(get(server.url(tls) + "/second"));
  CHECK(requests == 2);
  REQUIRE(r.error);
  CHECK_FALSE(genauth::request_not_sent(r.error));
}

}  // namespace test::contract
