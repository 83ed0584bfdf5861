package io.github.smartload.ollama;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * Ollama's JSON answers as Moshi reads them. Every field is nullable: Ollama adds and drops fields
 * over time, so {@link OllamaRuntime} checks the ones it needs and names any that are missing.
 *
 * <p>The records are public only so that Moshi may construct them; this holder class keeps them
 * package-private in effect.
 */
final class OllamaWire {

  private OllamaWire() {}

  /** {@code GET /api/ps}. */
  public record Ps(List<PsModel> models) {}

  public record PsModel(
      String name,
      String model,
      Long size,
      @Json(name = "size_vram") Long sizeVram,
      @Json(name = "expires_at") String expiresAt,
      @Json(name = "context_length") Integer contextLength) {}

  /** {@code GET /api/tags}. */
  public record Tags(List<TagsModel> models) {}

  public record TagsModel(String name, String model, Long size, String digest) {}

  /** {@code GET /api/version}. */
  public record Version(String version) {}

  /** The answer to a load or unload through {@code POST /api/generate}. */
  public record Generate(
      String model, Boolean done, @Json(name = "done_reason") String doneReason) {}

  /** What every non-2xx answer carries. */
  public record Error(String error) {}
}
