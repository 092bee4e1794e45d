// The endpoint table's raw material, read from the official SDK's TypeScript sources with the
// TypeScript compiler's parser (authing-node-sdk and typescript from npm): every public method
// of both clients, what its body sends, and every model type. Writes JSON to stdout;
// tools/extract_api.sh keeps it in api/v3/extracted.json. Deterministic: sorted, no timestamps.
// Usage: node extract_api.mjs NODE_MODULES
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.join(path.resolve(process.argv[2]), "noop.js"));
const ts = require("typescript");
const sdk = path.join(path.resolve(process.argv[2]), "authing-node-sdk");
const version = JSON.parse(fs.readFileSync(path.join(sdk, "package.json"), "utf8")).version;

function parse(file) {
  return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

/// The `/** ... */` text just before a node, without its stars.
function docOf(node, sf) {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos) ?? [];
  const last = ranges.filter((r) => sf.text.slice(r.pos, r.pos + 3) === "/**").at(-1);
  if (!last) return undefined;
  return sf.text.slice(last.pos + 3, last.end - 2).split("\n")
    .map((l) => l.replace(/^\s*\*+ ?/, "").replace(/\*+$/, "").trimEnd()).join("\n").trim() || undefined;
}

/// An object literal's properties: wire key -> the expression's text.
function objectOf(node) {
  if (!node || !ts.isObjectLiteralExpression(node)) return node ? { $expression: node.getText() } : undefined;
  const out = [];
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p)) out.push([p.name.getText().replace(/^["']|["']$/g, ""), p.initializer.getText()]);
    else if (ts.isShorthandPropertyAssignment(p)) out.push([p.name.getText(), p.name.getText()]);
    else out.push(["$other", p.getText()]);
  }
  return out;
}

/// The calls of `this.httpClient.request({...})` in a method's body.
function requestCalls(body) {
  const calls = [];
  const visit = (n) => {
    if (ts.isCallExpression(n) && n.expression.getText() === "this.httpClient.request") calls.push(n);
    ts.forEachChild(n, visit);
  };
  if (body) visit(body);
  return calls;
}

function methodsOf(file, className) {
  const sf = parse(file);
  const out = [];
  const visit = (n) => {
    if (ts.isClassDeclaration(n) && n.name?.text === className) {
      for (const m of n.members) {
        if (!ts.isMethodDeclaration(m)) continue;
        const mods = (m.modifiers ?? []).map((x) => x.getText());
        if (mods.includes("private") || mods.includes("protected")) continue;
        const entry = { name: m.name.getText(), line: sf.getLineAndCharacterOfPosition(m.getStart()).line + 1,
                        async: mods.includes("async") };
        entry.doc = docOf(m, sf);
        entry.returns = m.type ? m.type.getText().replace(/^Promise<([\s\S]*)>$/, "$1") : undefined;
        entry.parameters = m.parameters.map((p) => {
          const param = { text: p.name.getText().replace(/\s+/g, " ").slice(0, 200), optional: !!p.questionToken || !!p.initializer };
          if (ts.isObjectBindingPattern(p.name)) {
            param.defaults = Object.fromEntries(p.name.elements.filter((e) => e.initializer)
              .map((e) => [e.name.getText(), e.initializer.getText()]));
            param.text = undefined;
          }
          if (p.type && ts.isTypeLiteralNode(p.type)) {
            param.members = p.type.members.filter(ts.isPropertySignature).map((s) => ({
              name: s.name.getText().replace(/^["']|["']$/g, ""), optional: !!s.questionToken,
              type: s.type?.getText().replace(/\s+/g, " "), doc: docOf(s, sf) }));
          } else if (p.type) {
            param.type = p.type.getText().replace(/\s+/g, " ");
          }
          return param;
        });
        const calls = requestCalls(m.body);
        entry.requests = calls.map((c) => {
          const arg = c.arguments[0];
          const props = objectOf(arg);
          const get = (k) => Array.isArray(props) ? props.find(([key]) => key === k)?.[1] : undefined;
          const objectProp = (k) => {
            if (!arg || !ts.isObjectLiteralExpression(arg)) return undefined;
            const p = arg.properties.find((x) => ts.isPropertyAssignment(x) && x.name.getText() === k);
            return p ? objectOf(p.initializer) : undefined;
          };
          return { method: get("method"), url: get("url"), params: objectProp("params"), data: objectProp("data"),
                   headers: objectProp("headers") };
        });
        entry.statements = m.body ? m.body.statements.length : 0;
        out.push(entry);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function typesOf(dir) {
  const types = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    const sf = parse(path.join(dir, file));
    const enums = {};
    const visitEnums = (n) => {
      if (ts.isEnumDeclaration(n)) enums[n.name.text] = n.members.map((m) => m.initializer ? m.initializer.getText().replace(/^['"]|['"]$/g, "") : m.name.getText());
      ts.forEachChild(n, visitEnums);
    };
    visitEnums(sf);
    for (const st of sf.statements) {
      if (!ts.isTypeAliasDeclaration(st)) continue;
      const t = { file, doc: docOf(st, sf) };
      if (ts.isTypeLiteralNode(st.type)) {
        t.fields = st.type.members.filter(ts.isPropertySignature).map((s) => ({
          name: s.name.getText().replace(/^["']|["']$/g, ""), optional: !!s.questionToken,
          type: s.type?.getText().replace(/\s+/g, " "), doc: docOf(s, sf) }));
      } else {
        t.alias = st.type.getText().replace(/\s+/g, " ");
      }
      if (Object.keys(enums).length) t.enums = enums;
      types[st.name.text] = t;
    }
  }
  return types;
}

const out = {
  sdk: `authing-node-sdk@${version}`,
  management: methodsOf(path.join(sdk, "src/ManagementClient.ts"), "ManagementClient"),
  authentication: methodsOf(path.join(sdk, "src/AuthenticationClient.ts"), "AuthenticationClient"),
  types: typesOf(path.join(sdk, "src/models")),
};
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
