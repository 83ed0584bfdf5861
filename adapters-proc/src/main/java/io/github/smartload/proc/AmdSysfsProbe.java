package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AMD GPUs as the amdgpu driver shows them in sysfs: each {@code class/drm/cardN/device} whose
 * {@code vendor} is {@code 0x1002} and which has {@code mem_info_vram_total}. Memory is in bytes.
 *
 * <p>A card is integrated (an APU) when its VRAM is small (at most 2 GiB, the BIOS's usual UMA
 * carve-out) and small beside its GTT (at most a quarter), the system RAM it maps. A discrete card
 * on a machine with much RAM has a large GTT too, hence the first condition.
 */
public final class AmdSysfsProbe implements GpuProbe {

  private static final Pattern CARD = Pattern.compile("card([0-9]+)");
  private static final String AMD = "0x1002";
  private static final ByteSize CARVE_OUT = ByteSize.ofBytes(2L << 30);

  private final Path drm;

  /**
   * @param sysfsRoot where sysfs is mounted, usually {@code /sys}
   */
  public AmdSysfsProbe(Path sysfsRoot) {
    this.drm = Objects.requireNonNull(sysfsRoot, "sysfsRoot").resolve("class").resolve("drm");
  }

  /**
   * @throws GpuProbeException when a card's file cannot be read or holds no number
   */
  @Override
  public List<GpuDevice> devices() {
    List<GpuDevice> devices = new ArrayList<>();
    for (Card card : cards()) {
      Path device = card.dir().resolve("device");
      if (!read(device.resolve("vendor")).map(AMD::equalsIgnoreCase).orElse(false)) {
        continue;
      }
      Optional<ByteSize> vramTotal = bytes(device.resolve("mem_info_vram_total"));
      if (vramTotal.isEmpty()) {
        continue; // not amdgpu (the old radeon driver): no memory figures, no ROCm
      }
      ByteSize total = vramTotal.get();
      ByteSize used = bytes(device.resolve("mem_info_vram_used")).orElse(ByteSize.ZERO);
      ByteSize gtt = bytes(device.resolve("mem_info_gtt_total")).orElse(ByteSize.ZERO);
      devices.add(
          new GpuDevice(
              devices.size(),
              id(device, card),
              name(device),
              total,
              used.compareTo(total) > 0 ? total : used,
              total.minusOrZero(used),
              integrated(total, gtt) ? GpuDevice.Kind.INTEGRATED : GpuDevice.Kind.DISCRETE,
              "ROCm"));
    }
    return List.copyOf(devices);
  }

  static boolean integrated(ByteSize vram, ByteSize gtt) {
    return !CARVE_OUT.isLessThan(vram) && vram.bytes() <= gtt.bytes() / 4;
  }

  private record Card(int number, Path dir) {}

  /**
   * {@code card0}, {@code card1}... in numeric order; connectors like {@code card0-DP-1} are not.
   */
  private List<Card> cards() {
    List<Card> cards = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(drm)) {
      for (Path entry : entries) {
        Matcher matcher = CARD.matcher(entry.getFileName().toString());
        if (matcher.matches()) {
          cards.add(new Card(Integer.parseInt(matcher.group(1)), entry));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of(); // no DRM at all: a server without graphics, or a container
    } catch (IOException e) {
      throw new GpuProbeException("cannot list " + drm + ": " + ProcFile.reason(e), e);
    }
    cards.sort(Comparator.comparingInt(Card::number));
    return cards;
  }

  /** The card's {@code unique_id} (Vega and later), else its PCI address, else {@code cardN}. */
  private static String id(Path device, Card card) {
    return read(device.resolve("unique_id"))
        .or(() -> read(device.resolve("uevent")).flatMap(AmdSysfsProbe::pciSlot))
        .orElse("card" + card.number());
  }

  private static Optional<String> pciSlot(String uevent) {
    return uevent
        .lines()
        .filter(l -> l.startsWith("PCI_SLOT_NAME="))
        .map(l -> l.substring("PCI_SLOT_NAME=".length()).strip())
        .filter(s -> !s.isEmpty())
        .findFirst();
  }

  private static String name(Path device) {
    return read(device.resolve("product_name"))
        .or(() -> read(device.resolve("device")).map(id -> "AMD GPU " + id))
        .orElse("AMD GPU");
  }

  private static Optional<ByteSize> bytes(Path file) {
    return read(file)
        .map(
            text -> {
              try {
                return ByteSize.ofBytes(Long.parseLong(text));
              } catch (IllegalArgumentException e) {
                throw new GpuProbeException(
                    file + " holds '" + text + "', expected a number of bytes", e);
              }
            });
  }

  /** The file's stripped text; empty when it is absent or blank. */
  private static Optional<String> read(Path file) {
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new GpuProbeException("cannot read " + file + ": " + ProcFile.reason(e), e);
    }
  }
}
