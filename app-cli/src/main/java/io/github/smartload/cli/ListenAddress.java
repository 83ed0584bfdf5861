package io.github.smartload.cli;

import java.net.InetSocketAddress;

/** The address {@code serve --listen} names, parsed with a one-line error for a bad one. */
final class ListenAddress {

  private ListenAddress() {}

  /** {@code HOST:PORT}, {@code [::1]:PORT}, or {@code :PORT} for loopback. */
  static InetSocketAddress parse(String text) {
    String value = text.strip();
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new ConfigException(
          "--listen '" + text + "' has no port: give HOST:PORT, like 127.0.0.1:11435");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65_535) {
      throw new ConfigException(
          "--listen '" + text + "': the port must be a number from 0 to 65535");
    }
    return InetSocketAddress.createUnresolved(host.isEmpty() ? "127.0.0.1" : host, port);
  }
}
