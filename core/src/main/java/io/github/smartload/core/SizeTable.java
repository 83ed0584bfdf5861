package io.github.smartload.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Known model sizes, matched by normalized name (never by substring), each entry remembering where
 * it came from ({@code default}, a config file, a flag) so an operator can see why a size applies.
 */
public final class SizeTable {

  /** One known size and where it came from. */
  public record Entry(ModelName model, ByteSize size, String origin) {
    public Entry {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(origin, "origin");
    }
  }

  private static final SizeTable DEFAULTS =
      new SizeTable(Map.of())
          .with("mixtral:8x7b", "26")
          .with("qwen2.5:32b", "19")
          .with("command-r", "18")
          .with("qwen2.5:14b", "9")
          .with("qwen3:8b", "5.2")
          .with("llama3.1:8b", "5");

  private final Map<ModelName, Entry> entries;

  private SizeTable(Map<ModelName, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** The original's LARGE_MODELS table, in decimal GB. */
  public static SizeTable defaults() {
    return DEFAULTS;
  }

  private SizeTable with(String name, String gigabytes) {
    return with(ModelName.parse(name), ByteSize.ofGigabytes(gigabytes), "default");
  }

  /** A copy with {@code model} set to {@code size}, replacing an entry for the same model. */
  public SizeTable with(ModelName model, ByteSize size, String origin) {
    return withAll(Map.of(model, size), origin);
  }

  /**
   * A copy with every size of {@code sizes} set, in their order, all from {@code origin}; an entry
   * for the same model is replaced where it stands. One copy for all of them, so a config file of
   * 100k sizes is read in linear time (a {@link #with} per entry copies the table each time).
   */
  public SizeTable withAll(Map<ModelName, ByteSize> sizes, String origin) {
    Map<ModelName, Entry> copy = new LinkedHashMap<>(entries);
    sizes.forEach((model, size) -> copy.put(model, new Entry(model, size, origin)));
    return new SizeTable(copy);
  }

  public Optional<ByteSize> sizeOf(ModelName model) {
    return Optional.ofNullable(entries.get(model)).map(Entry::size);
  }

  public boolean contains(ModelName model) {
    return entries.containsKey(model);
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SizeTable table && table.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.values().toString();
  }
}
