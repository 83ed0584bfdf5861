package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;

/**
 * The host's memory as /proc/meminfo states it. {@code estimated} is true when the kernel had no
 * {@code MemAvailable} and {@code available} was worked out as the kernel itself would.
 */
record HostMemory(
    ByteSize total, ByteSize available, ByteSize swapTotal, ByteSize swapFree, boolean estimated) {

  /** 2^60 bytes (1 EiB): no machine has more, and sums of a few such figures cannot overflow. */
  private static final ByteSize LARGEST = ByteSize.ofBytes(1L << 60);

  /**
   * Reads the figures the probe needs and checks they agree with each other, so a torn or forged
   * file fails here rather than giving a plausible but wrong number.
   *
   * @param lowWatermarks the sum of the zones' low watermarks, zero when unknown; used only for an
   *     estimate
   * @throws MemoryProbeException naming the file and field
   */
  static HostMemory from(Meminfo meminfo, ByteSize lowWatermarks) {
    ByteSize total = meminfo.bytes("MemTotal");
    if (total.compareTo(LARGEST) > 0) {
      throw new MemoryProbeException(
          meminfo.file() + " field MemTotal is larger than any machine: the file is not sound");
    }
    ByteSize free = meminfo.bytes("MemFree");
    requireAtMost(meminfo, "MemFree", free, "MemTotal", total);
    ByteSize swapTotal = meminfo.bytes("SwapTotal");
    ByteSize swapFree = meminfo.bytes("SwapFree");
    boolean estimated = !meminfo.has("MemAvailable");
    ByteSize available =
        estimated ? estimate(meminfo, free, total, lowWatermarks) : meminfo.bytes("MemAvailable");
    requireAtMost(
        meminfo,
        estimated ? "estimated MemAvailable" : "MemAvailable",
        available,
        "MemTotal",
        total);
    requireAtMost(meminfo, "SwapFree", swapFree, "SwapTotal", swapTotal);
    return new HostMemory(total, available, swapTotal, swapFree, estimated);
  }

  /**
   * The kernel's own si_mem_available() of 3.14: free memory above the low watermark, plus the page
   * cache and reclaimable slab that can be dropped without going below it.
   */
  private static ByteSize estimate(Meminfo meminfo, ByteSize free, ByteSize total, ByteSize low) {
    ByteSize pageCache;
    if (meminfo.has("Active(file)") || meminfo.has("Inactive(file)")) {
      ByteSize active = part(meminfo, "Active(file)", total);
      pageCache = active.plus(part(meminfo, "Inactive(file)", total));
    } else {
      // Kernels before 2.6.28 do not split the LRU lists; Cached is the nearest figure.
      pageCache = part(meminfo, "Cached", total);
    }
    ByteSize slab =
        meminfo.has("SReclaimable") ? part(meminfo, "SReclaimable", total) : ByteSize.ZERO;
    long available =
        free.bytes()
            - low.bytes()
            + pageCache.bytes()
            - Math.min(pageCache.bytes() / 2, low.bytes())
            + slab.bytes()
            - Math.min(slab.bytes() / 2, low.bytes());
    return ByteSize.ofBytes(Math.max(0, available));
  }

  /** A part of the total; bounding each part keeps the estimate's sums far from overflow. */
  private static ByteSize part(Meminfo meminfo, String field, ByteSize total) {
    ByteSize value = meminfo.bytes(field);
    requireAtMost(meminfo, field, value, "MemTotal", total);
    return value;
  }

  private static void requireAtMost(
      Meminfo meminfo, String field, ByteSize value, String limitField, ByteSize limit) {
    if (value.compareTo(limit) > 0) {
      throw new MemoryProbeException(
          meminfo.file()
              + " field "
              + field
              + " ("
              + value.bytes() / 1024
              + " kB) exceeds "
              + limitField
              + " ("
              + limit.bytes() / 1024
              + " kB): the file is not sound");
    }
  }
}
