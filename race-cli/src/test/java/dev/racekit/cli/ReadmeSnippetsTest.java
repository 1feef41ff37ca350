package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README is compiled against the real modules and run: a snippet a user copies must
 * compile, and each {@code // prints X} comment must match what it prints, in order.
 */
class ReadmeSnippetsTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PRINTS = Pattern.compile("//\\s*prints (.+)$", Pattern.MULTILINE);

  static List<String> snippets() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("racekit.readme", "../README.md")));
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyJavaSnippetCompilesRunsAndPrintsWhatItSays() throws Exception {
    List<String> snippets = snippets();
    assertFalse(snippets.isEmpty(), "the README has Java snippets");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    for (int i = 0; i < snippets.size(); i++) {
      String snippet = snippets.get(i);
      String name = "ReadmeSnippet" + i;
      Path dir = Files.createTempDirectory("snippet");
      Files.writeString(dir.resolve(name + ".java"), wrap(name, snippet));
      ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
      int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(),
          "-cp", System.getProperty("java.class.path"), dir.resolve(name + ".java").toString());
      assertEquals(0, rc, "README snippet " + i + " does not compile:\n" + diagnostics + "\n" + snippet);

      String printed = run(dir, name);
      List<String> expected = new ArrayList<>();
      Matcher p = PRINTS.matcher(snippet);
      while (p.find()) {
        expected.add(p.group(1).trim());
      }
      assertTrue(!expected.isEmpty() || printed.isEmpty(), "snippet " + i + " prints without saying what: " + printed);
      assertEquals(expected, printed.isEmpty() ? List.of() : List.of(printed.split("\\R")),
          "README snippet " + i + " prints something else than its // prints comments say");
    }
  }

  /** A snippet of statements becomes the body of {@code main}; its imports stay on top. */
  static String wrap(String name, String snippet) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : snippet.split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    return imports + "public class " + name + " {\n  public static void main(String[] args) throws Exception {\n"
        + body + "  }\n}\n";
  }

  private static String run(Path dir, String name) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, testClass().getClassLoader())) {
      Method main = loader.loadClass(name).getMethod("main", String[].class);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  private static Class<?> testClass() {
    return ReadmeSnippetsTest.class;
  }
}
