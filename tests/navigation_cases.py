"""Manifests for the navigation tests, and where a name is in them (in the client's UTF-16 units)."""

from __future__ import annotations

from lsprotocol import types
from workloads import wrap

POD_SPEC = """\
containers:
  - name: app
    image: nginx
    command: ["sh", "-c", "echo $(GREETING) $$(GREETING)"]
    args: ["--level=$(LEVEL)"]
    ports:
      - name: http
        containerPort: 8080
    env:
      - name: GREETING
        value: hello
      - name: LEVEL
        value: "$(GREETING)-debug"
    livenessProbe:
      tcpSocket: {port: http}
    lifecycle:
      preStop:
        httpGet: {path: /stop, port: http}
    volumeMounts:
      - name: data
        mountPath: /data
        subPathExpr: $(GREETING)
  - name: sidecar
    image: busybox
    volumeMounts:
      - {name: data, mountPath: /shared}
volumes:
  - name: data
    emptyDir: {}
"""
"""A pod spec with every link that stays inside it."""

OBJECTS = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data:
  LOG_LEVEL: info
  app.yaml: "a: 1"
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData:
  password: hunter2
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: storage, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: runner, namespace: shop}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: urgent}
value: 1000
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: None
  selector: {app: a}
  ports: [{port: 80, targetPort: http}]
---
"""
"""The objects a pod spec in namespace `shop` may name."""

USER_SPEC = """\
serviceAccountName: runner
priorityClassName: urgent
subdomain: web
imagePullSecrets: [{name: creds}]
containers:
  - name: app
    image: nginx
    ports: [{name: http, containerPort: 8080}]
    env:
      - name: LEVEL
        valueFrom: {configMapKeyRef: {name: settings, key: LOG_LEVEL}}
      - name: PASSWORD
        valueFrom:
          secretKeyRef: {name: creds, key: password}
    envFrom:
      - configMapRef: {name: settings}
volumes:
  - name: config
    configMap:
      name: settings
      items: [{key: app.yaml, path: app.yaml}]
  - name: disk
    persistentVolumeClaim: {claimName: storage}
"""
"""A pod spec that names every object of OBJECTS."""

SELECTING = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 1
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchExpressions:
                    - {key: tier, operator: In, values: [front, back]}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector: {matchLabels: {app: web}}
      containers:
        - name: app
          image: nginx
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web, tier: front}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: shop}
spec:
  selector: {app: web, tier: back}
  ports: [{port: 80, targetPort: http}]
"""
"""Labels and the selectors that pick them: the second Service selects no template."""


def pod_text(kind: str, spec: str = POD_SPEC, namespace: str | None = None) -> str:
    return wrap(kind, spec, namespace)


def units(text: str, encoding: str = "utf-16") -> int:
    """The length of `text` in the client's position units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def position(text: str, needle: str, word: str | None = None, nth: int = 0, inside: int = 1,
             encoding: str = "utf-16") -> types.Position:
    """Where `word` (default: the needle) starts in the nth line that holds `needle`, moved
    `inside` characters into it."""
    line, column = _find(text, needle, word, nth)
    return types.Position(line=line, character=units(text.split("\n")[line][:column + inside], encoding))


def span(text: str, needle: str, word: str | None = None, nth: int = 0, encoding: str = "utf-16") -> types.Range:
    """The range of `word` in the nth line that holds `needle`."""
    line, column = _find(text, needle, word, nth)
    before = text.split("\n")[line][:column]
    word = word or needle
    return types.Range(start=types.Position(line=line, character=units(before, encoding)),
                       end=types.Position(line=line, character=units(before + word, encoding)))


def _find(text: str, needle: str, word: str | None, nth: int) -> tuple[int, int]:
    lines = [n for n, line in enumerate(text.split("\n")) if needle in line]
    line = lines[nth]
    at = text.split("\n")[line].index(needle)
    return line, at + (needle.index(word) if word else 0)

MORE_SPEC = """\
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    ports: [{name: admin, containerPort: 9901}]
    startupProbe: {grpc: {port: admin}}
    volumeMounts: [{name: certs, mountPath: /certs}]
containers:
  - name: app
    image: nginx
    ports: [{name: web, containerPort: 80}]
    readinessProbe: {httpGet: {path: /, port: web}}
    volumeDevices: [{name: disk, devicePath: /dev/xvda}]
ephemeralContainers:
  - name: debug
    image: busybox
    volumeMounts: [{name: certs, mountPath: /certs}]
volumes:
  - name: certs
    projected:
      sources:
        - configMap: {name: settings, items: [{key: LOG_LEVEL, path: level}]}
        - secret: {name: creds, items: [{key: password, path: pw}]}
  - name: disk
    persistentVolumeClaim: {claimName: storage}
  - name: tls
    secret: {secretName: creds, items: [{key: password, path: p}]}
"""
"""Init, sidecar and ephemeral containers, block devices, projected and secret volumes."""
