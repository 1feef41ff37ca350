package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FilePathsTest {
  @Test
  void aPathNamesOneSyncObjectAfterTheDatagramPortsAndBelowTheBlocks() {
    long data = FilePaths.sync("/tmp/data.txt");
    assertEquals(data, FilePaths.sync(new String("/tmp/data.txt")), "the same path, another string");
    assertNotEquals(data, FilePaths.sync("/tmp/data.txt.tmp"));
    assertNotEquals(data, FilePaths.sync("data.txt"), "a relative path is another object");
    assertEquals(0, data % 8, "a word each");
    assertTrue(FilePaths.BASE > Connections.DATAGRAMS + (0xFFFFL << 3), "after every datagram port's object");
    assertTrue(data >= FilePaths.BASE && FilePaths.BASE + (0xFFFF_FFFFL << 3) < Blocks.BASE, "below every block");
  }

  @Test
  void aStreamOnADescriptorHasNone() {
    assertEquals(0, FilePaths.sync(null));
  }
}
