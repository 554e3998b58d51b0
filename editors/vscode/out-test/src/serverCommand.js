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
exports.which = which;
exports.serverCommand = serverCommand;
exports.serverSettings = serverSettings;
// How to start pod-ls: a plain function of the settings and the file system, so that it is
// unit-tested without VS Code and the packaged extension's choice can be run for real.
const fs = __importStar(require("fs"));
const path = __importStar(require("path"));
function isExecutable(file) {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    }
    catch {
        return false;
    }
}
/** The first `name` on PATH (with PATHEXT on Windows), or undefined. */
function which(name, env = process.env) {
    const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
    for (const dir of (env.PATH ?? "").split(path.delimiter)) {
        if (!dir)
            continue;
        for (const extension of extensions) {
            const candidate = path.join(dir, name + extension);
            if (isExecutable(candidate))
                return candidate;
        }
    }
    return undefined;
}
/** podls.server.path, else `pod-ls` on PATH, else `python -m pod_ls`; always with --stdio. */
function serverCommand(settings, env = process.env) {
    const explicit = settings.path?.trim();
    if (explicit) {
        return { command: explicit, args: ["--stdio"], reason: "podls.server.path" };
    }
    const onPath = which("pod-ls", env);
    if (onPath) {
        return { command: onPath, args: ["--stdio"], reason: "pod-ls found on PATH" };
    }
    const python = settings.python?.trim() || settings.defaultInterpreter?.trim() || "python3";
    const reason = settings.python?.trim()
        ? "podls.server.python"
        : settings.defaultInterpreter?.trim()
            ? "python.defaultInterpreterPath"
            : "python3 on PATH";
    return { command: python, args: ["-m", "pod_ls", "--stdio"], reason };
}
/** The `podls.*` settings as the server's settings model expects them (camelCase keys). */
function serverSettings(get) {
    const out = {
        rules: get("rules") ?? {},
        workspace: {
            scan: get("workspace.scan"),
            include: get("workspace.include"),
            exclude: get("workspace.exclude"),
            maxFileSize: get("workspace.maxFileSize"),
        },
    };
    const version = get("kubernetesVersion");
    if (version)
        out.kubernetesVersion = version;
    return out;
}
