package io.github.smartload.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.size.EstimateMode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the JSON config file. Every problem names the file, the key and what is wrong, and unknown
 * keys are errors: a misspelt {@code "treshold"} silently ignored would be worse.
 */
final class ConfigReader {

  static final Set<String> KEYS =
      Set.of(
          "host",
          "sizes",
          "threshold",
          "margin",
          "keepAlive",
          "evict",
          "pin",
          "sizeSource",
          "gpu",
          "nvidiaSmi",
          "placement",
          "gpuMargin",
          "estimate",
          "ollamaServer",
          "busyTimeout",
          "clientIdleTimeout",
          "upstreamTimeout",
          "bodyBudget",
          "ollamaOrigins",
          "failOpen",
          "fitContext",
          "minContext");

  private final JsonAdapter<Object> json;

  @Inject
  ConfigReader(Moshi moshi) {
    this.json = moshi.adapter(Object.class);
  }

  /**
   * Reads {@code path}. A missing file is no config when {@code required} is false (the default
   * location), and an error when the user named the file.
   */
  ConfigFile read(Path path, boolean required) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (!required) {
        return ConfigFile.none();
      }
      throw new ConfigException(
          "config file " + path + " does not exist: create it or drop --config");
    } catch (MalformedInputException e) {
      throw new ConfigException("config file " + path + " is not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    Object root;
    try {
      root = json.fromJson(text);
    } catch (IOException | JsonDataException e) {
      // Moshi tells a programmer to call setLenient(true); the operator needs to hear what is
      // wrong.
      String what =
          e.getMessage()
              .replace(
                  "Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
      throw new ConfigException(
          "config file " + path + " is not valid JSON: " + what + "; fix the file");
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(
          "config file " + path + " must hold one JSON object, like {\"margin\": 1.2}");
    }
    return parse(path, map);
  }

  private static ConfigFile parse(Path path, Map<?, ?> map) {
    Entries entries = new Entries(path, map);
    for (Object key : map.keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException(
            "config file "
                + path
                + ": unknown key '"
                + key
                + "'; known keys are "
                + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    return new ConfigFile(
        path,
        entries.string("host", Converters::host),
        entries.sizes(),
        entries.string("threshold", ByteSize::parse),
        entries.margin(),
        entries.string("keepAlive", Converters::keepAlive),
        entries.string("evict", Converters::eviction),
        entries.pin(),
        entries.string("sizeSource", Converters::sizeSource),
        entries.string("gpu", Converters::gpu),
        entries.string("nvidiaSmi", Converters::nvidiaSmi),
        entries.string("placement", Converters::placement),
        entries.string("gpuMargin", Converters::gpuMargin),
        entries.string("estimate", EstimateMode::parse),
        entries.ollamaServer(),
        new ServeSettings(
            entries.string("busyTimeout", Converters::timeout),
            entries.string("clientIdleTimeout", Converters::timeout),
            entries.string("upstreamTimeout", Converters::timeout),
            entries.string("bodyBudget", ByteSize::parse),
            entries.string("ollamaOrigins", Function.identity()),
            entries.bool("failOpen"),
            entries.bool("fitContext"),
            entries.tokens("minContext")));
  }

  /** Typed access to the entries of one file, with errors that name the file and the key. */
  private record Entries(Path path, Map<?, ?> map) {

    <T> Optional<T> string(String key, Function<String, T> parse) {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof String text)) {
        throw wrong(key, "must be a string, not " + describe(value));
      }
      return Optional.of(parseValue(key, text, parse));
    }

    Optional<Boolean> bool(String key) {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Boolean flag)) {
        throw wrong(key, "must be true or false, not " + describe(value));
      }
      return Optional.of(flag);
    }

    /** A count of tokens: a JSON number that is whole and at least 1. */
    Optional<Integer> tokens(String key) {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Double number)
          || number != Math.rint(number)
          || number < 1
          || number > Integer.MAX_VALUE) {
        String given =
            value instanceof String text ? "the string \"" + text + "\"" : describe(value);
        throw wrong(key, "must be a positive whole number of tokens, like 2048, not " + given);
      }
      return Optional.of(number.intValue());
    }

    Optional<BigDecimal> margin() {
      Object value = map.get("margin");
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Double number) {
        return Optional.of(
            parseValue("margin", number, n -> Converters.checkMargin(BigDecimal.valueOf(n))));
      }
      if (value instanceof String text) {
        return Optional.of(parseValue("margin", text, Converters::margin));
      }
      throw wrong("margin", "must be a number like 1.2 or a string like \"20%\"");
    }

    Map<ModelName, ByteSize> sizes() {
      Object value = map.get("sizes");
      if (value == null) {
        return Map.of();
      }
      if (!(value instanceof Map<?, ?> table)) {
        throw wrong(
            "sizes", "must be an object of model names to sizes, like {\"qwen3:8b\": \"5.2GB\"}");
      }
      Map<ModelName, ByteSize> sizes = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : table.entrySet()) {
        String key = "sizes." + entry.getKey();
        ModelName model = parseValue(key, (String) entry.getKey(), ModelName::parse);
        if (!(entry.getValue() instanceof String size)) {
          throw wrong(
              key, "must be a size with a unit, like \"19GB\", not " + describe(entry.getValue()));
        }
        sizes.put(model, parseValue(key, size, ByteSize::parse));
      }
      return sizes;
    }

    /** Ollama's server settings as its environment names them; strings or whole numbers. */
    Map<String, String> ollamaServer() {
      Object value = map.get("ollamaServer");
      if (value == null) {
        return Map.of();
      }
      if (!(value instanceof Map<?, ?> table)) {
        throw wrong(
            "ollamaServer",
            "must be an object of Ollama's variables, like {\"OLLAMA_CONTEXT_LENGTH\": 32768}");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : table.entrySet()) {
        String key = "ollamaServer." + entry.getKey();
        if (!OllamaServerSettings.NAMES.contains(entry.getKey())) {
          throw wrong(key, "is not a setting smartload reads: use " + OllamaServerSettings.NAMES);
        }
        Object setting = entry.getValue();
        String text;
        if (setting instanceof String string) {
          text = string;
        } else if (setting instanceof Number number
            && number.doubleValue() == Math.rint(number.doubleValue())) {
          text = Long.toString(number.longValue());
        } else {
          throw wrong(key, "must be a string or a whole number, not " + describe(setting));
        }
        String name = (String) entry.getKey();
        parseValue(key, text, parsed -> OllamaServerSettings.check(name, parsed));
        settings.put(name, text);
      }
      return settings;
    }

    Optional<List<ModelName>> pin() {
      Object value = map.get("pin");
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof List<?> names)) {
        throw wrong("pin", "must be a list of model names, like [\"qwen3:8b\"]");
      }
      List<ModelName> pinned = new ArrayList<>();
      for (Object name : names) {
        if (!(name instanceof String text)) {
          throw wrong("pin", "must hold model names as strings, not " + describe(name));
        }
        pinned.add(parseValue("pin", text, ModelName::parse));
      }
      return Optional.of(pinned);
    }

    private <S, T> T parseValue(String key, S text, Function<S, T> parse) {
      try {
        return parse.apply(text);
      } catch (IllegalArgumentException e) {
        throw wrong(key, e.getMessage());
      }
    }

    private ConfigException wrong(String key, String what) {
      return new ConfigException("config file " + path + ", key '" + key + "': " + what);
    }

    private static String describe(Object value) {
      if (value instanceof Map) {
        return "an object";
      }
      if (value instanceof List) {
        return "a list";
      }
      if (value instanceof Double number) {
        return "the number " + BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
      }
      return value instanceof Boolean ? "a boolean" : "null";
    }
  }
}
