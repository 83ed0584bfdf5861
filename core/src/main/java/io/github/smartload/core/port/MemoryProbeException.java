package io.github.smartload.core.port;

import io.github.smartload.core.SmartloadException;
import java.nio.file.Path;
import java.util.Optional;

/** The memory could not be read, or what was read is not trustworthy. */
public final class MemoryProbeException extends SmartloadException {

  /** A failure an application can word itself, from {@link #file()} and {@link #field()}. */
  public enum Problem {
    /** {@link #file()} does not exist. */
    FILE_MISSING,
    /** {@link #file()} has no {@link #field()}. */
    FIELD_MISSING
  }

  private final Problem problem;
  private final Path file;
  private final String field;

  public MemoryProbeException(String message) {
    this(message, null, null, null, null);
  }

  public MemoryProbeException(String message, Throwable cause) {
    this(message, cause, null, null, null);
  }

  private MemoryProbeException(
      String message, Throwable cause, Problem problem, Path file, String field) {
    super(message, cause);
    this.problem = problem;
    this.file = file;
    this.field = field;
  }

  /** {@code file} does not exist: {@code /sys/fs/cgroup/x/memory.current is missing}. */
  public static MemoryProbeException fileMissing(Path file) {
    return new MemoryProbeException(file + " is missing", null, Problem.FILE_MISSING, file, null);
  }

  /** {@code file} lacks {@code field}: {@code /proc/meminfo has no MemTotal field}. */
  public static MemoryProbeException fieldMissing(Path file, String field) {
    return new MemoryProbeException(
        file + " has no " + field + " field", null, Problem.FIELD_MISSING, file, field);
  }

  /** What went wrong, where the probe said it in facts rather than only in its message. */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  /** The file read, for a {@link #problem()}. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The field looked for, for {@link Problem#FIELD_MISSING}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
