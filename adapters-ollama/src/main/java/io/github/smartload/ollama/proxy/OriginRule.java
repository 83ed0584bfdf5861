package io.github.smartload.ollama.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ollama's rule for the {@code Origin} header, applied before the proxy does anything: a web page
 * Ollama would refuse must not make the proxy unload models first. Read from Ollama's source:
 * {@code envconfig.AllowedOrigins()} ({@code OLLAMA_ORIGINS}, then the defaults for localhost,
 * 127.0.0.1 and 0.0.0.0 on any port, {@code app://}, {@code file://}, {@code tauri://}, {@code
 * vscode-webview://}, {@code vscode-file://}), matched as gin-contrib/cors v1.7 does with Ollama's
 * {@code AllowWildcard}: exact entries compared trimmed and lower-cased, one {@code *} as a
 * prefix/suffix wildcard, {@code /regex/} entries, and a lone {@code *} allowing every origin.
 */
public final class OriginRule {

  private static final Pattern REGEX_ENTRY = Pattern.compile("^/(.+)/[gimuy]?$");
  private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "0.0.0.0");
  private static final List<String> APP_SCHEMES =
      List.of("app://*", "file://*", "tauri://*", "vscode-webview://*", "vscode-file://*");

  private final List<String> entries;
  private final boolean allowAll;

  private OriginRule(List<String> entries) {
    this.entries = List.copyOf(entries);
    this.allowAll = entries.contains("*");
  }

  /**
   * The origins Ollama allows given the value of {@code OLLAMA_ORIGINS} (empty: unset), with spaces
   * and quotes around it stripped as Ollama strips them.
   */
  public static OriginRule ollama(Optional<String> ollamaOrigins) {
    List<String> entries = new ArrayList<>();
    ollamaOrigins
        .map(value -> strip(value.strip(), "\"'"))
        .filter(value -> !value.isEmpty())
        .ifPresent(value -> entries.addAll(List.of(value.split(",", -1))));
    for (String host : LOCAL_HOSTS) {
      entries.add("http://" + host);
      entries.add("https://" + host);
      entries.add("http://" + host + ":*");
      entries.add("https://" + host + ":*");
    }
    entries.addAll(APP_SCHEMES);
    return new OriginRule(entries);
  }

  /**
   * Whether Ollama would serve a request with this {@code Origin} header, sent to {@code host} (the
   * request's Host header): no Origin, or the page's own host, is no cross-origin request.
   */
  public boolean allows(String origin, String host) {
    if (origin == null || origin.isEmpty()) {
      return true;
    }
    if (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))) {
      return true;
    }
    if (allowAll) {
      return true;
    }
    for (String entry : entries) {
      if (matches(entry, origin)) {
        return true;
      }
    }
    return false;
  }

  /** The entries, as the proxy's start-up log shows them. */
  public List<String> entries() {
    return entries;
  }

  private static boolean matches(String entry, String origin) {
    String normalized = entry.strip().toLowerCase(Locale.ROOT);
    Matcher regex = REGEX_ENTRY.matcher(normalized);
    if (regex.matches()) {
      try {
        return Pattern.compile(regex.group(1)).matcher(origin).find();
      } catch (PatternSyntaxException e) {
        return false; // Ollama would not start with it; here it simply matches nothing
      }
    }
    if (normalized.equals(origin)) {
      return true;
    }
    int star = entry.indexOf('*');
    if (star < 0 || star != entry.lastIndexOf('*')) {
      return false; // no wildcard, or more than one, which gin-contrib/cors refuses
    }
    if (star == 0) {
      return origin.endsWith(entry.substring(1));
    }
    if (star == entry.length() - 1) {
      return origin.startsWith(entry.substring(0, star));
    }
    return origin.startsWith(entry.substring(0, star))
        && origin.endsWith(entry.substring(star + 1));
  }

  private static String strip(String value, String characters) {
    int start = 0;
    int end = value.length();
    while (start < end && characters.indexOf(value.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && characters.indexOf(value.charAt(end - 1)) >= 0) {
      end--;
    }
    return value.substring(start, end);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OriginRule rule && rule.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries);
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }
}
