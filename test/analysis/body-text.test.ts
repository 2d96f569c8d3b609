import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { codeOnly, scanBody } from "../../src/analysis/body-text.js";
import { readBodyFromTree } from "../../src/analysis/body-tree.js";
import { TreeLocator, type TextRange } from "../../src/analysis/locate.js";
import { parsePython } from "../../src/analysis/parse.js";
import { SourceText } from "../../src/analysis/source.js";

/** A receiver with `body` (4-space indented lines), read by the text reader and by the tree. */
function readBoth(body: string) {
  const source = `def on_save(sender, instance, **kwargs):\n${body}\n`;
  const { tree, text } = parsePython(source);
  const sourceText = new SourceText(text);
  const range: TextRange = { start: source.indexOf("\n") + 1, end: source.length - 1 };
  const fromTree = readBodyFromTree(range, new TreeLocator(tree.rootNode), sourceText);
  const fromText = scanBody(sourceText, range);
  return { fromText, fromTree, hasError: tree.rootNode.hasError };
}

describe("codeOnly", () => {
  test("blanks strings' insides and comments, keeping quotes, line breaks and offsets", () => {
    const body = `x = "a.save()"  # raise\ny = b'''\nraise'''\nz = r'\\'' + rb"q"\n`;
    const code = codeOnly(body);
    expect(code).toBe(`x = "        "         \ny = b'''\n     '''\nz = r'  ' + rb" "\n`);
    expect(code?.length).toBe(body.length);
  });

  test.each([`x = f"{instance.save()}"`, `x = "open`, `x = '''open`, `x = Rf'{a}'`])(
    "is null for %j",
    (body) => expect(codeOnly(body)).toBeNull(),
  );
});

const BODIES = [
  "    instance.save()",
  "    for tag in instance.tags.all():\n        tag.touch()",
  "    owner = instance.owner\n    owner.num_items = Book.objects.filter(owner=owner).count()\n    owner.save()",
  "    if instance.title == '':\n        raise ValueError('title required')",
  "    super().save()\n    return x.count()",
  "    copy = Book(title=instance.title)\n    copy.save()",
  "    instance.total += sum(\n        line.amount for line in instance.lines.all()\n    )  # why",
  "    n = not instance.tags.exists()\n    await instance.asave()",
  '    log(\'instance.save() raise\')  # instance.delete()\n    x = """\n    raise\n    """',
  "    instance.owner.profile.delete()\n    Book.objects.create(title='x')",
  "    self.total = Decimal(1)",
  "    Author.objects.filter(pk=instance.author_id).update(\n        n=instance.tags.count(),  # why\n        t=')')",
  "    qs.update (title='a)') ; instance.tags.update()",
  "    raise errors.Invalid('no (stock)') from exc\n    raise\n    raise KeyError; x = 1",
  "    public = instance.publisher_public\n    public.save()\n    f(x=a.b)\n    a, b = c.d\n    y = a.b.c\n    z = a.b()",
  // Found by the property test below: a keyword argument on a line of its own is no assignment.
  "    Author.objects.filter(pk=instance.author_id).update(\n    copy = Book(title=instance.title)\n    )  # why",
];

describe("scanBody reads what the tree reads", () => {
  test.each(BODIES)("%j", (body) => {
    const { fromText, fromTree } = readBoth(body);
    expect(fromText).toEqual(fromTree);
  });

  test.each([
    "    def inner():\n        instance.save()",
    "    run(lambda: instance.save())",
    "    x = f'{instance.save()}'",
    "    instance \\\n        .save()",
    "    items[0].save()",
    "    (a or b).save()",
    "    if x: raise ValueError",
    "    try:\n        raise ValueError\n    except ValueError:\n        pass",
    "    raise Error(1).with_traceback(tb)",
    "    raise errors [0]",
    "    a, b = Book(), 1",
    "    instance. owner.delete()",
    "    return(instance).save()",
    "    self.total = Decimal(1); instance.n = 2",
    "    a = b = Book()",
    "    c = Book(1) + 1",
  ])("gives up on %j", (body) => {
    expect(readBoth(body).fromText).toBeNull();
  });
});

test("scanBody, whenever it reads a body, reads what the tree reads", () => {
  const statement = fc.constantFrom(
    ...BODIES.flatMap((body) => body.split("\n")),
    "    instance.tags.all()  # a.save()",
    "    x = 'raise'",
    "    obj.field = Author.objects.filter(a=1).aggregate(Sum('n'))",
    "    Book(title=1).save()",
    "    public = instance.publisher_public",
    "    page.parent = instance.parent",
    "    public = instance.publisher_public or instance",
    "    f(\n        x=a.b\n    )",
    "    instance . save ()",
    "    Book.objects.filter(a=1).update(n=F('n') + 1, t=')')",
    "    Author.objects.update(\n        n=Count('books'))",
    "        pass",
    "    return",
  );
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 8 }), (lines) => {
      const { fromText, fromTree, hasError } = readBoth(lines.join("\n"));
      if (fromText && !hasError) expect(fromText).toEqual(fromTree);
    }),
    { numRuns: 500 },
  );
});
