"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
const assert = __importStar(require("node:assert/strict"));
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const node_test_1 = require("node:test");
const serverCommand_1 = require("../src/serverCommand");
function folderWith(name) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "podls-"));
    if (name) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, "#!/bin/sh\n");
        fs.chmodSync(file, 0o755);
    }
    return dir;
}
(0, node_test_1.test)("an explicit server path wins", () => {
    const chosen = (0, serverCommand_1.serverCommand)({ path: "/opt/pod-ls", python: "/usr/bin/python3" }, { PATH: folderWith("pod-ls") });
    assert.deepEqual(chosen, { command: "/opt/pod-ls", args: ["--stdio"], reason: "podls.server.path" });
});
(0, node_test_1.test)("pod-ls on PATH comes next", () => {
    const dir = folderWith("pod-ls");
    const chosen = (0, serverCommand_1.serverCommand)({ path: "  " }, { PATH: `/nonexistent${path.delimiter}${dir}` });
    assert.equal(chosen.command, path.join(dir, "pod-ls"));
    assert.deepEqual(chosen.args, ["--stdio"]);
});
(0, node_test_1.test)("a non-executable file on PATH does not count", () => {
    const dir = folderWith(undefined);
    fs.writeFileSync(path.join(dir, "pod-ls"), "");
    assert.equal((0, serverCommand_1.which)("pod-ls", { PATH: dir }), undefined);
});
(0, node_test_1.test)("then python -m pod_ls with the configured Python", () => {
    const empty = { PATH: folderWith(undefined) };
    assert.deepEqual((0, serverCommand_1.serverCommand)({ python: "/venv/bin/python" }, empty), { command: "/venv/bin/python", args: ["-m", "pod_ls", "--stdio"], reason: "podls.server.python" });
    assert.equal((0, serverCommand_1.serverCommand)({ defaultInterpreter: "/usr/bin/python3.12" }, empty).command, "/usr/bin/python3.12");
    assert.equal((0, serverCommand_1.serverCommand)({}, empty).command, "python3");
});
(0, node_test_1.test)("settings are passed in the server's shape", () => {
    const values = {
        rules: { "image-tag": "off" },
        kubernetesVersion: "1.30",
        "workspace.scan": false,
        "workspace.include": ["*.yaml"],
        "workspace.exclude": [".git"],
        "workspace.maxFileSize": 10,
    };
    assert.deepEqual((0, serverCommand_1.serverSettings)((key) => values[key]), {
        rules: { "image-tag": "off" },
        kubernetesVersion: "1.30",
        workspace: { scan: false, include: ["*.yaml"], exclude: [".git"], maxFileSize: 10 },
    });
    assert.equal("kubernetesVersion" in (0, serverCommand_1.serverSettings)((key) => (key === "kubernetesVersion" ? null : undefined)), false);
});
