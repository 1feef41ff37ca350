package realprograms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene's near-real-time search under the agent: two threads update documents in one {@code IndexWriter} (each
 * update deletes the document it replaces) while a third refreshes a {@code SearcherManager} every few milliseconds
 * and a fourth searches through it. Every thread of the program goes through Lucene's API as documented; the
 * documents left (one per id) are the same in every run.
 *
 * <p>Usage: {@code LuceneNearRealTime [updates per thread]} (default 2000).
 */
public final class LuceneNearRealTime {
  public static void main(String[] args) throws Exception {
    int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path dir = Files.createTempDirectory("racekit-lucene-nrt");
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(2))) {
      SearcherManager manager = new SearcherManager(w, null);
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong searches = new AtomicLong();
      Exception[] failed = new Exception[4];
      Thread refresher = new Thread(() -> {
        try {
          while (!done.get()) {
            manager.maybeRefresh();
            Thread.sleep(5);
          }
        } catch (Exception e) {
          failed[2] = e;
        }
      }, "refresher");
      Thread searcher = new Thread(() -> {
        try {
          while (!done.get()) {
            IndexSearcher s = manager.acquire();
            try {
              s.search(new TermQuery(new Term("body", "word7")), 10);
              searches.incrementAndGet();
            } finally {
              manager.release(s);
            }
          }
        } catch (Exception e) {
          failed[3] = e;
        }
      }, "searcher");
      refresher.start();
      searcher.start();
      Thread[] updaters = new Thread[2];
      for (int t = 0; t < updaters.length; t++) {
        int id = t;
        updaters[t] = new Thread(() -> {
          try {
            for (int i = 0; i < perThread; i++) {
              Document doc = new Document();
              doc.add(new StringField("id", id + "-" + i / 2, Field.Store.YES));
              doc.add(new TextField("body", "word" + (i % 13) + " text " + i, Field.Store.NO));
              w.updateDocument(new Term("id", id + "-" + i / 2), doc);
            }
          } catch (Exception e) {
            failed[id] = e;
          }
        }, "updater-" + t);
        updaters[t].start();
      }
      for (Thread t : updaters) {
        t.join();
      }
      done.set(true);
      refresher.join();
      searcher.join();
      for (Exception e : failed) {
        if (e != null) {
          throw e;
        }
      }
      manager.maybeRefreshBlocking();
      IndexSearcher s = manager.acquire();
      try {
        System.out.println("LuceneNearRealTime docs=" + s.getIndexReader().numDocs() + " searched="
            + (searches.get() > 0));
      } finally {
        manager.release(s);
      }
      manager.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
