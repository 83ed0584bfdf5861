package io.github.smartload.ollama.proxy;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.util.OptionalInt;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads the top-level {@code model} field of a request body with a streaming reader: other values
 * (base64 images, long prompts) are skipped, never built into a tree. The whole object is read, and
 * each field is taken as Ollama's Go decoder takes it (the last key that matches, in any case; a
 * null leaves it unset), so that the model smart-loaded is the one Ollama will serve, and a body
 * Ollama will reject as malformed causes no unload. It also tells a client's own unload ({@code
 * ollama stop}: a zero keep-alive and nothing to answer) from a load.
 */
final class ModelField {

  /** What the body says about its model. */
  sealed interface Result {}

  /** What a request naming a model asks of it. */
  enum Intent {
    /** Bring the model in (or keep it): smart-load first. */
    LOAD,
    /** Ollama's unload: a zero keep-alive and no prompt; nothing to smart-load. */
    UNLOAD,
    /** Answer, then unload (a zero keep-alive with a prompt): a load, after which it leaves. */
    LOAD_THEN_LEAVE
  }

  /**
   * The body names this model; {@code numCtx} is its {@code options.num_ctx} when that is a context
   * Ollama takes (a whole number of tokens), the size its requirement is taken at.
   */
  record Found(ModelName model, Intent intent, OptionalInt numCtx) implements Result {
    Found(ModelName model) {
      this(model, Intent.LOAD, OptionalInt.empty());
    }

    Found(ModelName model, Intent intent) {
      this(model, intent, OptionalInt.empty());
    }
  }

  /** No model could be read; {@code reason} says why, for the log. */
  record Absent(String reason) implements Result {}

  /** A keep-alive as Ollama reads it: unset, zero (unload), or anything else. */
  private enum Keep {
    UNSET,
    ZERO,
    OTHER
  }

  private ModelField() {}

  /** The model of a body sent to some endpoint; never an unload. */
  static Result read(byte[] body) {
    return read(body, "");
  }

  static Result read(byte[] body, String path) {
    return read(new Buffer().write(body), path);
  }

  /**
   * The model of a body sent to {@code path}, read from {@code source} (in memory or spooled to a
   * file), which is closed: {@code /api/generate} and {@code /api/chat} may be unloads; the
   * OpenAI-compatible endpoints ignore {@code keep_alive}, as Ollama does.
   */
  static Result read(BufferedSource source, String path) {
    boolean nativeApi = path.startsWith("/api/");
    String promptField = path.equals("/api/chat") ? "messages" : "prompt";
    try (JsonReader reader = JsonReader.of(source)) {
      if (source.exhausted()) {
        return new Absent("the body is empty");
      }
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return new Absent("the body is not a JSON object");
      }
      reader.beginObject();
      Result found = new Absent("the body has no \"model\" field");
      Keep keep = Keep.UNSET;
      boolean prompt = false;
      OptionalInt numCtx = OptionalInt.empty();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue(); // a null leaves Go's field as it was
        } else if (name.equalsIgnoreCase("model")) {
          found = model(reader);
        } else if (nativeApi && name.equalsIgnoreCase("keep_alive")) {
          keep = keepAlive(reader);
          if (keep == null) {
            return new Absent("its \"keep_alive\" is not a duration");
          }
        } else if (nativeApi && name.equalsIgnoreCase("options")) {
          numCtx = numCtx(reader); // Go keeps the last: so does this
        } else if (nativeApi && name.equalsIgnoreCase(promptField)) {
          Boolean content = hasContent(reader, promptField.equals("messages"));
          if (content == null) {
            return new Absent("its \"" + promptField + "\" field is of the wrong type");
          }
          prompt = content;
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
      if (found instanceof Found model && keep == Keep.ZERO && isGenerateOrChat(path)) {
        return new Found(model.model(), prompt ? Intent.LOAD_THEN_LEAVE : Intent.UNLOAD, numCtx);
      }
      if (found instanceof Found model) {
        return new Found(model.model(), model.intent(), numCtx);
      }
      return found;
    } catch (JsonEncodingException | JsonDataException | java.io.EOFException e) {
      return new Absent("the body is not valid JSON");
    } catch (IOException e) {
      // A spooled body is read back from its own file; a failure there is no JSON to go by.
      return new Absent("the body is not valid JSON");
    }
  }

  private static boolean isGenerateOrChat(String path) {
    return path.equals("/api/generate") || path.equals("/api/chat");
  }

  private static Result model(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.STRING) {
      reader.skipValue();
      return new Absent("its \"model\" field is not a string");
    }
    String text = reader.nextString();
    try {
      return new Found(ModelName.parse(text));
    } catch (IllegalArgumentException e) {
      return new Absent(e.getMessage());
    }
  }

  /**
   * {@code options.num_ctx} as Ollama's options take an int: a JSON number, its fraction cut off;
   * empty for anything else (absent, another type, not positive), which the proxy leaves to Ollama.
   */
  private static OptionalInt numCtx(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return OptionalInt.empty();
    }
    OptionalInt found = OptionalInt.empty();
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("num_ctx") && reader.peek() == JsonReader.Token.NUMBER) {
        double tokens = reader.nextDouble();
        found =
            tokens >= 1 && tokens <= Integer.MAX_VALUE
                ? OptionalInt.of((int) tokens)
                : OptionalInt.empty();
      } else {
        reader.skipValue();
      }
    }
    reader.endObject();
    return found;
  }

  /**
   * As Ollama's {@code api.Duration} reads it: a number is whole seconds (a fraction is cut off, so
   * 0.5 is zero; negative is forever), a string a Go duration; null for what Ollama refuses (400).
   */
  private static Keep keepAlive(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NUMBER) {
      double seconds = reader.nextDouble();
      return seconds >= 0 && seconds < 1 ? Keep.ZERO : Keep.OTHER;
    }
    if (reader.peek() != JsonReader.Token.STRING) {
      reader.skipValue();
      return null;
    }
    try {
      return KeepAlive.parse(reader.nextString()).duration().isZero() ? Keep.ZERO : Keep.OTHER;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A non-empty prompt string or messages array: something for the model to answer; null for the
   * wrong type, which Ollama refuses.
   */
  private static Boolean hasContent(JsonReader reader, boolean array) throws IOException {
    if (!array && reader.peek() == JsonReader.Token.STRING) {
      return !reader.nextString().isEmpty();
    }
    if (array && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
      reader.beginArray();
      boolean any = reader.hasNext();
      while (reader.hasNext()) {
        reader.skipValue();
      }
      reader.endArray();
      return any;
    }
    reader.skipValue();
    return null;
  }
}
