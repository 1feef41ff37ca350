package dev.racekit.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MappedLayoutTest {
  @Test
  void findsTheRangeOfAnAddressAndNothingOutside() {
    MappedLayout l = MappedLayout.EMPTY;
    assertEquals(-1, l.find(0));
    assertEquals(-1, l.find(-1));
    l = l.with(0x1000, 0x100).with(0x8000, 0x10);
    assertEquals(0, l.find(0x1000));
    assertEquals(0, l.find(0x10ff));
    assertEquals(-1, l.find(0x1100)); // inside the bounding box, between the ranges
    assertEquals(1, l.find(0x800f));
    assertEquals(-1, l.find(0x8010));
    assertEquals(-1, l.find(0xfff));
    assertEquals(0x8000, l.base(1));
    assertEquals(0x10, l.size(1));
  }

  @Test
  void rangesAtTheTopOfTheAddressSpaceCompareUnsigned() {
    MappedLayout l = MappedLayout.EMPTY.with(0xffff_ffff_ffff_0000L, 0xff00);
    assertEquals(0, l.find(0xffff_ffff_ffff_0008L));
    assertEquals(-1, l.find(0x10));
    assertEquals(-1, l.find(0xffff_ffff_ffff_ff00L));
  }
}
