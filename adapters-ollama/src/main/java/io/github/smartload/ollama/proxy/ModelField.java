package io.github.smartload.ollama.proxy;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import okio.Buffer;

/**
 * Reads the top-level {@code model} field of a request body with a streaming reader: values before
 * it (base64 images, long prompts) are skipped, never built into a tree, and reading stops at the
 * field.
 */
final class ModelField {

  /** What the body says about its model. */
  sealed interface Result {}

  /** The body names this model. */
  record Found(ModelName model) implements Result {}

  /** No model could be read; {@code reason} says why, for the log. */
  record Absent(String reason) implements Result {}

  private ModelField() {}

  static Result read(byte[] body) {
    if (body.length == 0) {
      return new Absent("the body is empty");
    }
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return new Absent("the body is not a JSON object");
      }
      reader.beginObject();
      while (reader.hasNext()) {
        if (!reader.nextName().equals("model")) {
          reader.skipValue();
          continue;
        }
        if (reader.peek() != JsonReader.Token.STRING) {
          return new Absent("its \"model\" field is not a string");
        }
        String text = reader.nextString();
        try {
          return new Found(ModelName.parse(text));
        } catch (IllegalArgumentException e) {
          return new Absent(e.getMessage());
        }
      }
      return new Absent("the body has no \"model\" field");
    } catch (JsonEncodingException | JsonDataException | java.io.EOFException e) {
      return new Absent("the body is not valid JSON");
    } catch (IOException e) {
      // Reading from an in-memory buffer does no I/O; anything else is malformed input too.
      return new Absent("the body is not valid JSON");
    }
  }
}
