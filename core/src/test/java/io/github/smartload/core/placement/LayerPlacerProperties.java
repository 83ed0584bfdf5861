package io.github.smartload.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** What holds for any model on any GPUs: no GPU over its target, and no byte lost or invented. */
class LayerPlacerProperties {

  private static final long MIB = 1L << 20;

  @Property
  void noGpuIsGivenMoreThanItsTarget(
      @ForAll("models") ModelLayers model,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 98304) Integer> freeMib,
      @ForAll @LongRange(min = 0, max = 4096) long marginMib) {
    Placement placement = new LayerPlacer(mib(marginMib)).place(model, gpus(freeMib));

    assertThat(placement.gpus())
        .allSatisfy(s -> assertThat(s.bytes()).isLessThanOrEqualTo(s.target()));
  }

  @Property
  void everyBlockLandsOnceAndEveryByteIsCounted(
      @ForAll("models") ModelLayers model,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 98304) Integer> freeMib) {
    Placement placement = LayerPlacer.withDefaultMargin().place(model, gpus(freeMib));

    int onGpus = placement.gpus().stream().mapToInt(GpuShare::blocks).sum();
    assertThat(onGpus + placement.cpuBlocks()).isEqualTo(model.blocks());
    long outputs = placement.gpus().stream().filter(GpuShare::holdsOutput).count();
    assertThat(outputs).isLessThanOrEqualTo(1);
    // Each backend holding layers has its own compute buffer; the model counts one.
    long backends =
        placement.gpus().stream().filter(s -> s.layers() > 0).count()
            + (placement.whollyOnGpus() ? 0 : 1);
    ByteSize expected =
        model.total().plus(ByteSize.ofBytes(model.computeBuffer().bytes() * (backends - 1)));
    assertThat(placement.vram().plus(placement.ram())).isEqualTo(expected);
  }

  @Provide
  Arbitrary<ModelLayers> models() {
    Arbitrary<Integer> blocks = Arbitraries.integers().between(1, 96);
    Arbitrary<Long> sizes = Arbitraries.longs().between(0, 2048);
    return Combinators.combine(blocks, sizes, sizes, sizes, sizes, sizes)
        .as(
            (n, block, kv, output, compute, host) ->
                ModelLayers.evenly(
                    n,
                    mib(block * n),
                    mib(kv * n / 4),
                    mib(output),
                    mib(host),
                    mib(compute),
                    mib(1)));
  }

  private static List<GpuDevice> gpus(List<Integer> freeMib) {
    return java.util.stream.IntStream.range(0, freeMib.size())
        .mapToObj(
            i ->
                new GpuDevice(
                    i,
                    "GPU-" + i,
                    "GPU " + i,
                    mib(98304),
                    mib(98304 - freeMib.get(i)),
                    mib(freeMib.get(i)),
                    GpuDevice.Kind.DISCRETE,
                    "CUDA"))
        .toList();
  }

  private static ByteSize mib(long mebibytes) {
    return ByteSize.ofBytes(mebibytes * MIB);
  }
}
