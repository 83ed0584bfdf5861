package io.github.smartload.core.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.RuntimeRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A model runtime in memory that moves the memory of a {@link SimulatedMemory} as models come and
 * go. Unloads take effect after a number of polls of {@link #loadedModels()}, as Ollama's do: the
 * unload call returns at once and the model stays listed a little while.
 */
public final class InMemoryRuntime implements ModelRuntime {

  private final Clock clock;
  private final SimulatedMemory memory;
  private final Map<ModelName, ByteSize> installed = new HashMap<>();
  private final Map<ModelName, InstalledModel> facts = new HashMap<>();
  private final Map<ModelName, LoadedModel> resident = new LinkedHashMap<>();
  private final Map<ModelName, Integer> stopping = new HashMap<>();
  private final Map<ModelName, Integer> contexts = new HashMap<>();
  private final Set<ModelName> refuseUnload = new HashSet<>();
  private final Set<ModelName> neverLeaves = new HashSet<>();
  private final List<String> calls = new ArrayList<>();
  private int pollsPerUnload;
  private SimulatedGpu gpu;

  public InMemoryRuntime(Clock clock, SimulatedMemory memory) {
    this.clock = clock;
    this.memory = memory;
  }

  public InMemoryRuntime install(String name, String gigabytes) {
    installed.put(ModelName.parse(name), ByteSize.ofGigabytes(gigabytes));
    return this;
  }

  /** Installs {@code name} with these facts (its size is their file size), for its footprint. */
  public InMemoryRuntime install(String name, InstalledModel model) {
    ModelName parsed = ModelName.parse(name);
    installed.put(parsed, model.facts().fileSize().orElse(ByteSize.ZERO));
    facts.put(parsed, model);
    return this;
  }

  /** Makes {@code name} resident with {@code gigabytes} in RAM, expiring after {@code ttl}. */
  public InMemoryRuntime resident(String name, String gigabytes, Duration ttl) {
    ModelName model = ModelName.parse(name);
    ByteSize size = ByteSize.ofGigabytes(gigabytes);
    resident.put(model, LoadedModel.inRam(model, size, clock.instant().plus(ttl)));
    memory.take(size);
    return this;
  }

  /**
   * Makes {@code name} resident with {@code vramGigabytes} of its {@code gigabytes} on a GPU (only
   * the rest in RAM), expiring after {@code ttl}.
   */
  public InMemoryRuntime residentOnGpu(
      String name, String gigabytes, String vramGigabytes, Duration ttl) {
    ModelName model = ModelName.parse(name);
    LoadedModel held =
        new LoadedModel(
            model,
            ByteSize.ofGigabytes(gigabytes),
            ByteSize.ofGigabytes(vramGigabytes),
            clock.instant().plus(ttl));
    resident.put(model, held);
    memory.take(held.ram());
    return this;
  }

  /**
   * Makes {@code name} resident at a context of {@code tokens}, as {@code /api/ps} {@code
   * context_length} tells it; a load at another context reloads it, as Ollama does.
   */
  public InMemoryRuntime residentAt(String name, String gigabytes, int tokens, Duration ttl) {
    resident(name, gigabytes, ttl);
    contexts.put(ModelName.parse(name), tokens);
    return this;
  }

  /** The GPU that gets back the VRAM of the models that leave. */
  public InMemoryRuntime onGpu(SimulatedGpu value) {
    this.gpu = value;
    return this;
  }

  /** How many polls of the resident list an unloaded model stays listed. */
  public InMemoryRuntime pollsPerUnload(int polls) {
    this.pollsPerUnload = polls;
    return this;
  }

  /** The runtime answers an unload of {@code name} with an error. */
  public InMemoryRuntime refuseToUnload(String name) {
    refuseUnload.add(ModelName.parse(name));
    return this;
  }

  /** The runtime accepts an unload of {@code name} but keeps it resident (a stuck generation). */
  public InMemoryRuntime neverUnloads(String name) {
    neverLeaves.add(ModelName.parse(name));
    return this;
  }

  /** What was called, in order: {@code ps}, {@code unload NAME}, {@code load NAME KEEPALIVE}. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  public Set<ModelName> residentNames() {
    return Set.copyOf(resident.keySet());
  }

  @Override
  public String describe() {
    return "the in-memory runtime";
  }

  @Override
  public List<LoadedModel> loadedModels() {
    calls.add("ps");
    for (ModelName model : List.copyOf(stopping.keySet())) {
      int left = stopping.get(model);
      if (left == 0) {
        stopping.remove(model);
        leave(model);
      } else {
        stopping.put(model, left - 1);
      }
    }
    return List.copyOf(resident.values());
  }

  /** The installed models and the resident ones (a resident model is installed); not in calls. */
  @Override
  public Set<ModelName> installedModels() {
    Set<ModelName> names = new HashSet<>(installed.keySet());
    names.addAll(resident.keySet());
    return Set.copyOf(names);
  }

  @Override
  public Optional<ByteSize> sizeOf(ModelName model) {
    return Optional.ofNullable(installed.get(model));
  }

  @Override
  public Optional<InstalledModel> installedModel(ModelName model) {
    return Optional.ofNullable(facts.get(model));
  }

  /** Asked for facts, it says what a model lacks. */
  @Override
  public boolean tellsFacts() {
    return true;
  }

  @Override
  public void unload(ModelName model) {
    calls.add("unload " + model);
    if (refuseUnload.contains(model)) {
      throw new RuntimeRejectedException(500, "the runtime refused to unload " + model);
    }
    if (resident.containsKey(model) && !neverLeaves.contains(model)) {
      LoadedModel held = resident.get(model);
      resident.put(model, new LoadedModel(model, held.size(), held.vram(), clock.instant()));
      stopping.put(model, pollsPerUnload);
      if (pollsPerUnload == 0) {
        stopping.remove(model);
        leave(model);
      }
    }
  }

  private void leave(ModelName model) {
    LoadedModel left = resident.remove(model);
    memory.give(left.ram());
    if (gpu != null) {
      gpu.give(left.vram());
    }
  }

  @Override
  public void load(ModelName model, KeepAlive keepAlive, OptionalInt numCtx) {
    if (numCtx.isEmpty()) {
      load(model, keepAlive);
      return;
    }
    calls.add("load " + model + " " + keepAlive + " num_ctx " + numCtx.getAsInt());
    LoadedModel before = resident.remove(model);
    if (before != null) {
      memory.give(before.ram()); // another context: Ollama stops the runner and starts anew
    }
    admit(model, keepAlive);
    contexts.put(model, numCtx.getAsInt());
  }

  @Override
  public OptionalInt residentContext(ModelName model) {
    Integer tokens = contexts.get(model);
    return resident.containsKey(model) && !stopping.containsKey(model) && tokens != null
        ? OptionalInt.of(tokens)
        : OptionalInt.empty();
  }

  @Override
  public void load(ModelName model, KeepAlive keepAlive) {
    calls.add("load " + model + " " + keepAlive);
    admit(model, keepAlive);
  }

  private void admit(ModelName model, KeepAlive keepAlive) {
    ByteSize size = installed.getOrDefault(model, ByteSize.ZERO);
    resident.put(model, LoadedModel.inRam(model, size, clock.instant().plus(keepAlive.duration())));
    memory.take(size);
  }
}
