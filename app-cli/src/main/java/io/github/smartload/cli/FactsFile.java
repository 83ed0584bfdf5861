package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.ollama.ShowAnswerFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code plan --facts FILE}: a reader that answers for one model with the facts of an {@code
 * /api/show} answer saved to a file, and asks {@code next} for everything else.
 */
final class FactsFile implements ModelReader {

  private final ModelReader next;
  private final ModelName model;
  private final InstalledModel facts;

  private FactsFile(ModelReader next, ModelName model, InstalledModel facts) {
    this.next = next;
    this.model = model;
    this.facts = facts;
  }

  /**
   * @param fileSize the model file's size, which an {@code /api/show} answer does not carry
   * @throws ConfigException naming the file when it cannot be read or is no such answer
   */
  static FactsFile over(ModelReader next, ModelName model, Path file, Optional<ByteSize> fileSize) {
    try {
      return new FactsFile(next, model, ShowAnswerFile.read(file, fileSize));
    } catch (IOException e) {
      throw new ConfigException("facts file " + file + " cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Override
  public String describe() {
    return next.describe();
  }

  @Override
  public List<LoadedModel> loadedModels() {
    return next.loadedModels();
  }

  @Override
  public Set<ModelName> installedModels() {
    return next.installedModels();
  }

  @Override
  public Optional<ByteSize> sizeOf(ModelName name) {
    Optional<ByteSize> listed = next.sizeOf(name);
    return listed.isPresent() || !name.equals(model) ? listed : facts.facts().fileSize();
  }

  @Override
  public Optional<InstalledModel> installedModel(ModelName name) {
    return name.equals(model) ? Optional.of(facts) : next.installedModel(name);
  }

  /** Asked for facts, it says what a model lacks. */
  @Override
  public boolean tellsFacts() {
    return true;
  }
}
