package io.github.smartload.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether the proxy listens beyond this machine. It has no authentication, as Ollama has none, so
 * the operator is told once at start when anyone on the network can reach it.
 */
final class Exposure {

  private Exposure() {}

  /** The warning for {@code listen}, empty when only this machine can connect. */
  static Optional<String> warning(InetSocketAddress listen) {
    String host = listen.getHostString();
    if (isLoopback(host)) {
      return Optional.empty();
    }
    return Optional.of(
        "WARN smartload: listening on "
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + listen.getPort()
            + ", reachable from other machines: the proxy, like Ollama, has no authentication."
            + " Anyone who can connect can load and unload models; allow only trusted hosts with"
            + " a firewall, and web pages only through OLLAMA_ORIGINS.");
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false; // the bind fails anyway; no reason to call it local
    }
  }
}
