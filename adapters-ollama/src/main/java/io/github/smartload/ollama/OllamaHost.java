package io.github.smartload.ollama;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where Ollama listens, found exactly as the {@code ollama} CLI finds it from {@code OLLAMA_HOST}
 * (Ollama's {@code envconfig.Host}): no scheme means {@code http} on port 11434, an explicit {@code
 * http://} or {@code https://} without a port means 80 or 443, a path prefix is kept, and a
 * server's listen-everywhere address ({@code 0.0.0.0}, {@code ::}) is reached over loopback.
 */
public final class OllamaHost {

  /** Where Ollama listens when {@code OLLAMA_HOST} is not set. */
  public static final HttpUrl DEFAULT = HttpUrl.get("http://127.0.0.1:11434/");

  private static final int DEFAULT_PORT = 11434;

  private OllamaHost() {}

  /**
   * Resolves an {@code OLLAMA_HOST} value; {@code null} or blank gives {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException with a one-line message naming the value when it has a scheme
   *     other than http or https, or a host that is not a host name or an IP address
   */
  public static HttpUrl parse(String value) {
    String text = strip(value == null ? "" : value);
    if (text.isEmpty()) {
      return DEFAULT;
    }
    String scheme = "http";
    int defaultPort = DEFAULT_PORT;
    String rest = text;
    int separator = text.indexOf("://");
    if (separator >= 0) {
      scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
      rest = text.substring(separator + 3);
      switch (scheme) {
        case "http" -> defaultPort = 80;
        case "https" -> defaultPort = 443;
        default -> throw malformed(value, "the scheme must be http or https");
      }
    }
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    String[] split = splitHostPort(hostPort);
    String host = split == null ? hostPort.replace("[", "").replace("]", "") : split[0];
    int port = split == null ? defaultPort : portOr(split[1], defaultPort);
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    host = loopbackFor(host);
    try {
      HttpUrl.Builder url = new HttpUrl.Builder().scheme(scheme).host(host).port(port);
      if (!path.isEmpty()) {
        url.encodedPath("/" + (path.endsWith("/") ? path : path + "/"));
      }
      return url.build();
    } catch (IllegalArgumentException e) {
      throw malformed(value, "'" + host + "' is not a host name or an IP address");
    }
  }

  /** Strips spaces and quotes around the value, as Ollama's {@code envconfig.Var} does. */
  private static String strip(String value) {
    String text = value.strip();
    while (!text.isEmpty()
        && (text.startsWith("\"") || text.startsWith("'"))
        && (text.endsWith("\"") || text.endsWith("'"))
        && text.length() >= 2) {
      text = text.substring(1, text.length() - 1).strip();
    }
    return text;
  }

  /**
   * Go's {@code net.SplitHostPort}: {@code host:port} or {@code [v6]:port}; {@code null} when the
   * text has no port (a bare name, a bare IPv4 or IPv6 address).
   */
  private static String[] splitHostPort(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        return null;
      }
      return new String[] {text.substring(1, close), text.substring(close + 2)};
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0 || text.indexOf(':') != colon) {
      return null; // no port, or a bare IPv6 address such as ::1
    }
    return new String[] {text.substring(0, colon), text.substring(colon + 1)};
  }

  /** An invalid port falls back to the default, as Ollama does (it only logs a warning). */
  private static int portOr(String text, int defaultPort) {
    try {
      int port = Integer.parseInt(text);
      return port >= 0 && port <= 65535 ? port : defaultPort;
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }

  /** A server may listen on every address; a client reaches it over loopback. */
  private static String loopbackFor(String host) {
    if (host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.contains(":")) {
      try {
        if (InetAddress.getByName(host).isAnyLocalAddress()) {
          return "::1";
        }
      } catch (UnknownHostException e) {
        return host; // HttpUrl reports it as malformed
      }
    }
    return host;
  }

  private static IllegalArgumentException malformed(String value, String why) {
    return new IllegalArgumentException(
        "OLLAMA_HOST '"
            + value
            + "' is malformed: "
            + why
            + " (examples: 127.0.0.1:11434, http://example.com:11434)");
  }

  /** The URL as people write it, without the trailing slash: {@code http://127.0.0.1:11434}. */
  public static String display(HttpUrl url) {
    String text = url.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
