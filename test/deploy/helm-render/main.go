// helm-render renders a Helm chart the way `helm template` does, for the deployment tests on
// machines without helm: the chart's values (and -f files), its file:// dependencies under
// their aliases with the parent's values and globals, Go text/template with the sprig
// functions and Helm's include, tpl, toYaml, fromYaml, required and fail. It prints a YAML
// stream, one document per rendered file, each after a "# Source:" line. It is a test tool:
// the objects it renders are checked by test/deploy/, and real installs use helm itself.
//
//	helm-render [-f values.yaml]... [--release name] [--namespace ns] <chart-dir>
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

type chartMeta struct {
	Name         string       `yaml:"name"`
	Version      string       `yaml:"version"`
	AppVersion   string       `yaml:"appVersion"`
	Dependencies []dependency `yaml:"dependencies"`
}

type dependency struct {
	Name       string `yaml:"name"`
	Alias      string `yaml:"alias"`
	Repository string `yaml:"repository"`
}

type values = map[string]interface{}

func readYAML(path string) (values, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := values{}
	if err := yaml.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// merge returns base with over's keys on top, recursively, as Helm coalesces values.
func merge(base, over values) values {
	out := values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if bm, ok := out[k].(values); ok {
			if om, ok := v.(values); ok {
				out[k] = merge(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func toYAML(v interface{}) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

type rendered struct {
	source string
	text   string
}

type release struct{ name, namespace string }

// render renders one chart (name is the alias for a dependency) and its dependencies.
func render(dir, name string, vals values, rel release) ([]rendered, error) {
	metaValues, err := readYAML(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, err
	}
	raw, _ := yaml.Marshal(metaValues)
	var meta chartMeta
	if err := yaml.Unmarshal(raw, &meta); err != nil {
		return nil, err
	}
	if name == "" {
		name = meta.Name
	}
	var out []rendered
	for _, dep := range meta.Dependencies {
		if !strings.HasPrefix(dep.Repository, "file://") {
			return nil, fmt.Errorf("%s: only file:// dependencies are supported", dep.Name)
		}
		depDir := filepath.Join(dir, strings.TrimPrefix(dep.Repository, "file://"))
		alias := dep.Alias
		if alias == "" {
			alias = dep.Name
		}
		defaults, err := readYAML(filepath.Join(depDir, "values.yaml"))
		if err != nil {
			return nil, err
		}
		own, _ := vals[alias].(values)
		sub := merge(defaults, own)
		globals, _ := vals["global"].(values)
		subGlobals, _ := sub["global"].(values)
		sub["global"] = merge(subGlobals, globals)
		docs, err := render(depDir, alias, sub, rel)
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
	}

	basePath := name + "/templates"
	root := template.New(name)
	funcs := sprig.TxtFuncMap()
	funcs["include"] = func(tpl string, data interface{}) (string, error) {
		var buf strings.Builder
		err := root.ExecuteTemplate(&buf, tpl, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf strings.Builder
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = func(text string) values {
		out := values{}
		_ = yaml.Unmarshal([]byte(text), &out)
		return out
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return nil, errors.New(msg)
		}
		return v, nil
	}
	funcs["fail"] = func(msg string) (string, error) { return "", errors.New(msg) }
	funcs["lookup"] = func(...interface{}) values { return values{} }
	root.Funcs(funcs).Option("missingkey=zero")

	files, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
	sort.Strings(files)
	var targets []string
	for _, f := range files {
		base := filepath.Base(f)
		if !strings.HasSuffix(base, ".yaml") && !strings.HasSuffix(base, ".tpl") && !strings.HasSuffix(base, ".txt") {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		tplName := basePath + "/" + base
		if _, err := root.New(tplName).Parse(string(text)); err != nil {
			return nil, err
		}
		if strings.HasSuffix(base, ".yaml") && !strings.HasPrefix(base, "_") {
			targets = append(targets, tplName)
		}
	}
	data := map[string]interface{}{
		"Values":       vals,
		"Chart":        map[string]interface{}{"Name": name, "Version": meta.Version, "AppVersion": meta.AppVersion},
		"Release":      map[string]interface{}{"Name": rel.name, "Namespace": rel.namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false},
		"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.30.0", "Major": "1", "Minor": "30"}},
	}
	for _, t := range targets {
		data["Template"] = map[string]interface{}{"Name": t, "BasePath": basePath}
		var buf strings.Builder
		if err := root.ExecuteTemplate(&buf, t, data); err != nil {
			return nil, err
		}
		if strings.TrimSpace(buf.String()) != "" {
			out = append(out, rendered{source: t, text: buf.String()})
		}
	}
	return out, nil
}

func main() {
	var files []string
	rel := release{name: "thuocdo", namespace: "thuocdo"}
	var dir string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-f":
			i++
			files = append(files, args[i])
		case "--release":
			i++
			rel.name = args[i]
		case "--namespace":
			i++
			rel.namespace = args[i]
		default:
			dir = args[i]
		}
	}
	if dir == "" {
		fmt.Fprintln(os.Stderr, "usage: helm-render [-f values.yaml]... [--release name] [--namespace ns] <chart-dir>")
		os.Exit(2)
	}
	vals, err := readYAML(filepath.Join(dir, "values.yaml"))
	if err == nil {
		for _, f := range files {
			var extra values
			if extra, err = readYAML(f); err != nil {
				break
			}
			vals = merge(vals, extra)
		}
	}
	var docs []rendered
	if err == nil {
		docs, err = render(dir, "", vals, rel)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
	for _, d := range docs {
		fmt.Printf("---\n# Source: %s\n%s\n", d.source, strings.TrimSpace(d.text))
	}
}
