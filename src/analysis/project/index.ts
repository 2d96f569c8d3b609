// The project index: a Django project's files in, facts out. Pure (no fs, network or clock), and
// facts only, never file texts: the app caches one index per commit, bounded in bytes.
//
// Building and updating
//   buildProjectIndex(files: ReadonlyMap<path, text>): ProjectIndex
//       paths relative to the project's root, with `/`; non-Python paths are ignored.
//   updateProjectIndex(index, changes: ReadonlyMap<path, text | null>): ProjectIndex
//       a NEW index: re-reads only the changed files (null: removed), shares every other module's
//       facts with `index`, never mutates it (a cached base index serves many pull requests).
//   EMPTY_PROJECT; projectIndexBytes(index) (approximate, for an LRU); unreadFiles(index).
//
// Analysing with it
//   analyzeSource(text, { file, project, projectPath }) and analyzeCandidate(...): the rules read a
//   handler defined in another module and the resolved sender; without `project` (or with
//   EMPTY_PROJECT) everything works per file as before. findIntroduced(files, options, { base,
//   head }) matches receivers on signal, resolved sender model and handler.
//
// Queries (data types in ./types.ts; `path` is the asking module's path in the project)
//   resolveSender(index, path, expression): ResolvedSender | null
//       `Book`, an alias, `"shop.Book"`, `apps.get_model("shop", "Book")`, `get_user_model()`,
//       `settings.AUTH_USER_MODEL`, `Article.tags.through` (model + its many-to-many field).
//   resolveModel(index, path, expression), modelByLabel(index, "shop.Book"), userModel(index),
//   projectModels(index): ModelFacts (app label, abstract/proxy, own or imported, fields, managers).
//   fieldsOf(index, model): own and inherited fields; reverseRelationsOf(index, model): the
//       relations pointing at it, by accessor (`related_name`, else `<model>_set`).
//   handlerOf(index, path, handlerAsWritten, registrationLine): HandlerFacts | null
//       wherever defined (imported, `module.function`, `self.method` of a base class elsewhere),
//       with its file, line, body facts as the rules read them, body hash, later redefinition.
//   saveSitesOf(index, model): SaveSite[]      forms, admins, inlines, serializers, viewsets,
//       generic views, functions that create or save it; each with file:line, owner and method.
//   bypassWritesOf(index, model): BypassWrite[]  `.update()`, `bulk_create`, `bulk_update`,
//       related-manager updates, raw/cursor SQL naming its table; each with file:line and code.
//   manualSendsOf(index, model): ManualSend[]  `post_save.send(sender=Model, extra=...)`.
export {
  buildProjectIndex,
  EMPTY_PROJECT,
  ProjectIndex,
  projectIndexBytes,
  unreadFiles,
  updateProjectIndex,
} from "./project.js";
export { filesConnectingHandlersIn, functionAt, handlerOf } from "./handlers.js";
export {
  fieldsOf,
  modelByLabel,
  projectModels,
  resolveModel,
  resolveSender,
  reverseRelationsOf,
  userModel,
} from "./models.js";
export { bypassWritesOf, manualSendsOf, saveSitesOf } from "./sites.js";
export type * from "./types.js";
