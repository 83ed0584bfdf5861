package io.github.smartload.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model name as Ollama understands it: {@code [host/][namespace/]model[:tag]}. Ollama's defaults
 * are filled in ({@code registry.ollama.ai}, {@code library}, {@code latest}) and every part is
 * lower-cased, so {@code command-r}, {@code Command-R:latest} and {@code library/command-r} are
 * equal.
 */
public record ModelName(String host, String namespace, String model, String tag) {

  public static final String DEFAULT_HOST = "registry.ollama.ai";
  public static final String DEFAULT_NAMESPACE = "library";
  public static final String DEFAULT_TAG = "latest";

  private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern HOST = Pattern.compile("[a-z0-9][a-z0-9._-]*(:[0-9]{1,5})?");
  private static final Pattern TAG = Pattern.compile("[a-z0-9_][a-z0-9._-]{0,127}");

  public ModelName {
    check(host, HOST, "host", host);
    check(namespace, PART, "namespace", namespace);
    check(model, PART, "model", model);
    check(tag, TAG, "tag", tag);
  }

  /**
   * Parses a name the way Ollama does.
   *
   * @throws IllegalArgumentException naming the input when it is empty or has bad characters
   */
  public static ModelName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty model name: give one like qwen3:8b");
    }
    String name = text.strip().toLowerCase(Locale.ROOT);
    if (name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a model name: it contains spaces (example: qwen2.5:32b)");
    }
    int slash = name.lastIndexOf('/');
    String last = name.substring(slash + 1);
    String tag = DEFAULT_TAG;
    int colon = last.lastIndexOf(':');
    if (colon >= 0) {
      tag = last.substring(colon + 1);
      last = last.substring(0, colon);
    }
    String host = DEFAULT_HOST;
    String namespace = DEFAULT_NAMESPACE;
    if (slash >= 0) {
      String[] prefix = name.substring(0, slash).split("/", -1);
      if (prefix.length > 2) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a model name: use [host/][namespace/]model[:tag]");
      }
      namespace = prefix[prefix.length - 1];
      if (prefix.length == 2) {
        host = prefix[0];
      }
    }
    try {
      return new ModelName(host, namespace, last, tag);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a model name: " + e.getMessage(), e);
    }
  }

  private static void check(String value, Pattern pattern, String part, String shown) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the " + part + " part is empty");
    }
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "the " + part + " '" + shown + "' may hold only a-z, 0-9, '.', '_' and '-'");
    }
  }

  /** The short form Ollama prints: defaults left out, the tag always shown ({@code qwen3:8b}). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (!host.equals(DEFAULT_HOST)) {
      out.append(host).append('/').append(namespace).append('/');
    } else if (!namespace.equals(DEFAULT_NAMESPACE)) {
      out.append(namespace).append('/');
    }
    return out.append(model).append(':').append(tag).toString();
  }
}
