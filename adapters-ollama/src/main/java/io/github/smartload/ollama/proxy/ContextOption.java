package io.github.smartload.ollama.proxy;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * A request body's {@code options.num_ctx}, read and set with Moshi's streaming reader and writer:
 * no value is built into a tree, and every value other than {@code options} is copied as its raw
 * JSON text (numbers, escapes and all), so the body keeps its meaning to Ollama byte for byte.
 *
 * <p>Ollama's Go decoder matches the {@code options} field in any case and takes {@code num_ctx}
 * inside it as spelled. A body this class cannot be sure about (not an object, {@code options} of
 * another type or given twice, not valid JSON) is {@link Scan#UNSURE}: it is forwarded untouched.
 */
final class ContextOption {

  /** What a body says about its context. */
  enum Scan {
    /** {@code options.num_ctx} is there (whatever its value): the client chose; never changed. */
    NAMED,
    /** No {@code num_ctx}: Ollama would use the model's default context. */
    ABSENT,
    /** Not sure what Ollama would read: leave the body as it is. */
    UNSURE
  }

  private ContextOption() {}

  /** Reads {@code source} (closed) to its end and says whether it names a context. */
  static Scan scan(BufferedSource source) {
    try (JsonReader reader = JsonReader.of(source)) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return Scan.UNSURE;
      }
      reader.beginObject();
      int optionsFields = 0;
      boolean named = false;
      while (reader.hasNext()) {
        if (!reader.nextName().equalsIgnoreCase("options")) {
          reader.skipValue();
          continue;
        }
        optionsFields++;
        JsonReader.Token token = reader.peek();
        if (token == JsonReader.Token.NULL) {
          reader.skipValue();
        } else if (token == JsonReader.Token.BEGIN_OBJECT) {
          named = namesContext(reader);
        } else {
          return Scan.UNSURE; // Ollama refuses it (400); not for the proxy to change
        }
      }
      reader.endObject();
      if (optionsFields > 1) {
        return Scan.UNSURE; // Go merges repeated objects into one map: rare, left alone
      }
      return named ? Scan.NAMED : Scan.ABSENT;
    } catch (IOException | RuntimeException e) {
      // JsonDataException, JsonEncodingException, EOF or a spool file that cannot be read.
      return Scan.UNSURE;
    }
  }

  private static boolean namesContext(JsonReader reader) throws IOException {
    boolean named = false;
    reader.beginObject();
    while (reader.hasNext()) {
      named |= reader.nextName().equals("num_ctx");
      reader.skipValue();
    }
    reader.endObject();
    return named;
  }

  /**
   * Copies the body in {@code source} to {@code sink} with {@code options.num_ctx} set to {@code
   * context}: added to its {@code options} object, or as a new {@code options} when there is none
   * or it is null. Only for a body that {@link #scan} found {@link Scan#ABSENT}.
   */
  static void pin(BufferedSource source, BufferedSink sink, int context) throws IOException {
    JsonReader reader = JsonReader.of(source);
    JsonWriter writer = JsonWriter.of(sink);
    writer.setSerializeNulls(true);
    reader.beginObject();
    writer.beginObject();
    boolean pinned = false;
    while (reader.hasNext()) {
      String name = reader.nextName();
      writer.name(name);
      if (!name.equalsIgnoreCase("options")) {
        copy(reader, writer);
      } else if (reader.peek() == JsonReader.Token.NULL) {
        reader.skipValue();
        writer.beginObject().name("num_ctx").value(context).endObject();
        pinned = true;
      } else {
        reader.beginObject();
        writer.beginObject();
        while (reader.hasNext()) {
          writer.name(reader.nextName());
          copy(reader, writer);
        }
        reader.endObject();
        writer.name("num_ctx").value(context).endObject();
        pinned = true;
      }
    }
    reader.endObject();
    if (!pinned) {
      writer.name("options").beginObject().name("num_ctx").value(context).endObject();
    }
    writer.endObject();
    writer.flush();
  }

  /** Copies one value as its raw JSON text, however long, without building it. */
  private static void copy(JsonReader reader, JsonWriter writer) throws IOException {
    try (BufferedSource value = reader.nextSource();
        BufferedSink out = writer.valueSink()) {
      out.writeAll(value);
    }
  }
}
