package io.github.smartload.ollama;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.footprint.InstalledModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import okio.BufferedSource;
import okio.Okio;

/**
 * A {@code POST /api/show} answer saved to a file ({@code curl http://127.0.0.1:11434/api/show -d
 * '{"model":"qwen3:8b"}' > qwen3.json}), for plans made without Ollama. Read as a stream like the
 * live answer, verbose or not.
 */
public final class ShowAnswerFile {

  private ShowAnswerFile() {}

  /**
   * The model in {@code file}: its facts and Modelfile {@code num_ctx}. The answer carries neither
   * the file size (given here, or left missing) nor the digest (the file's path stands for it).
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file when it is not an {@code /api/show} answer
   */
  public static InstalledModel read(Path file, Optional<ByteSize> fileSize) throws IOException {
    try (BufferedSource source = Okio.buffer(Okio.source(file));
        JsonReader json = JsonReader.of(source)) {
      ShowAnswer answer = ShowAnswerReader.read(json);
      return new InstalledModel(
          file.toString(), ShownFacts.of(answer, fileSize), ShownFacts.modelfileNumCtx(answer));
    } catch (JsonDataException | JsonEncodingException e) {
      throw new IllegalArgumentException(
          "facts file " + file + " is not an /api/show answer: " + e.getMessage(), e);
    }
  }
}
