import { describe, expect, test } from "vitest";
import { argumentTexts, scanArguments } from "../../src/analysis/arguments.js";
import { TreeLocator, type CallArguments } from "../../src/analysis/locate.js";
import { parsePython } from "../../src/analysis/parse.js";

/** `f(<args>)` read by the tree cursor alone, and by the text reader. */
function readBoth(args: string): { tree: CallArguments; text: CallArguments | null } {
  const source = `f(${args})\n`;
  const { tree } = parsePython(source);
  const locator = new TreeLocator(tree.rootNode);
  const at = (readArguments?: Parameters<TreeLocator["readCall"]>[0]) => {
    expect(locator.enclosingSpan(0, ["call"], 2)?.type).toBe("call");
    const { positional, keywords } = locator.readCall(readArguments);
    return { positional, keywords };
  };
  let text: CallArguments | null = null;
  const treeRead = at();
  at((list) => (text = scanArguments(source, list)));
  return { tree: treeRead, text };
}

describe("scanArguments reads what the tree reads", () => {
  test.each([
    "post_save, sender=Book",
    "[post_save, post_delete], sender=models.Book",
    "(post_save, pre_save), sender=Book",
    "(post_save), sender=Book",
    "(post_save,), sender=Book",
    "(), sender=Book",
    "signal=post_save, sender='shop.Book', dispatch_uid=\"uid\"",
    "post_save, sender=rb'x', weak=False, other=True, none=None",
    "f'{a}', r'x\\'y', '''a\nb'''",
    "receiver=lambda sender, instance=None, **kw: instance.save(), sender=Book",
    "lambda x=(1, 2), *a: {1: 2}, Book",
    "[post_save,  # saved\n post_delete], sender=Book,  # why\n",
    "\n    post_save,\n    sender = Book,\n",
    "handler, Author.tags.through, dispatch_uid='a,b(c'",
    "Bök, sender=Bücher",
    "constructor, sender=toString, x=hasOwnProperty",
  ])("%j", (args) => {
    const { tree, text } = readBoth(args);
    expect(text).toEqual(tree);
  });

  test("gives up when the parser had to invent the closing parenthesis", () => {
    const source = "[f(post_save, Book]\n";
    const { tree } = parsePython(source);
    const locator = new TreeLocator(tree.rootNode);
    let list = { start: 0, end: 0 };
    expect(locator.enclosingSpan(1, ["call"], 3)?.type).toBe("call");
    locator.readCall((range) => ((list = range), null));
    expect(source.slice(list.start, list.end)).toBe("(post_save, Book");
    expect(scanArguments(source, list)).toBeNull();
  });

  test.each([
    // Expressions the reader does not type: the tree reads them.
    "post_save, sender=get_user_model()",
    "*signals, sender=Book",
    "post_save, **options",
    "[s for s in signals], sender=Book",
    "post_save, sender=Book[0]",
    "post_save, sender='a' 'b'",
    "post_save, sender=not Book",
    "post_save, sender=x.None",
    "post_save, x := 1",
    "post_save, sender=\\\n Book",
    "post_save sender=Book",
    "post_save,, sender=Book",
    "[post_save, # comment\n pre_save][0]",
    "sender # name\n = Book",
  ])("gives up on %j", (args) => {
    expect(readBoth(args).text).toBeNull();
  });
});

describe("argumentTexts reads the keywords the tree reads", () => {
  test.each([
    "disk=vm.disks.aggregate(Sum('size'))['size__sum']",
    "n=F('n') + 1, title=')', m=len(  # Sum('a')\n x)",
    "pk, *rest, a = 1, **fields",
    "\n    a=[1, 2],  # why\n    b={'k': (3, 4)},\n",
    "x == y, z=lambda a=1: a",
    "",
  ])("%j", (args) => {
    const { tree } = readBoth(args);
    const source = `f(${args})\n`;
    const keywords = tree.keywords.map(({ name, value }) => ({
      name: source.slice(name.start, name.end),
      value: source.slice(value.start, value.end),
    }));
    const read = argumentTexts(`(${args})`)?.filter((argument) => argument.name !== null);
    expect(read).toEqual(keywords);
  });

  test("gives null when the brackets do not close", () => {
    expect(argumentTexts("(a=1, b=(2")).toBeNull();
    expect(argumentTexts("a=1")).toBeNull();
  });

  test("gives positional and starred arguments without a name", () => {
    expect(argumentTexts("(Q(a=1) | Q(b=2), *rest, c=3, **more)")).toEqual([
      { name: null, value: "Q(a=1) | Q(b=2)" },
      { name: null, value: "*rest" },
      { name: "c", value: "3" },
      { name: null, value: "**more" },
    ]);
  });
});
