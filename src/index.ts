// The Probot app function (`probot run ./dist/index.js`).
import { createApp } from "./app/index.js";

export default createApp();
