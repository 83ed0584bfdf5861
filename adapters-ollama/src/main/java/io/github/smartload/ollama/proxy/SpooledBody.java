package io.github.smartload.ollama.proxy;

import java.io.IOException;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;

/**
 * A request body read whole before the smart load: in memory when small, else in a temporary file.
 * Closing it deletes the file and gives its memory back to the {@link BodySpool}'s budget.
 */
final class SpooledBody implements AutoCloseable {

  private final byte[] memory;
  private final Path file;
  private final long length;
  private final Runnable release;

  private SpooledBody(byte[] memory, Path file, long length, Runnable release) {
    this.memory = memory;
    this.file = file;
    this.length = length;
    this.release = release;
  }

  static SpooledBody inMemory(byte[] bytes, Runnable release) {
    return new SpooledBody(bytes, null, bytes.length, release);
  }

  static SpooledBody inFile(Path file, long length, Runnable release) {
    return new SpooledBody(null, file, length, release);
  }

  long length() {
    return length;
  }

  boolean isSpooled() {
    return file != null;
  }

  /** The bytes from the start, for the streaming JSON reader. */
  BufferedSource open() throws IOException {
    return memory != null ? new Buffer().write(memory) : Okio.buffer(Okio.source(file));
  }

  /** The bytes as OkHttp sends them upstream; may be written more than once (a retry). */
  RequestBody requestBody(MediaType type) {
    return memory != null
        ? RequestBody.create(memory, type)
        : RequestBody.create(file.toFile(), type);
  }

  /** Deletes the file, if any, and gives the memory back. */
  @Override
  public void close() {
    release.run();
  }
}
