/* config_edit.c — `clude providers config` writes the config file: load it
 * as a YAML document, change one provider's keys, emit it again, and
 * replace the file atomically with mode 0600 (it may hold keys). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "clude/config.h"
#include "clude/util.h"

static int add_plain(yaml_document_t *d, const char *s)
{
	return yaml_document_add_scalar(d, NULL, (yaml_char_t *)s, -1, YAML_PLAIN_SCALAR_STYLE);
}

static int add_value(yaml_document_t *d, const char *s)
{
	return yaml_document_add_scalar(d, NULL, (yaml_char_t *)s, -1, YAML_ANY_SCALAR_STYLE);
}

/* The pair whose key is `key` in mapping node map, NULL when absent. */
static yaml_node_pair_t *find_pair(yaml_document_t *d, int map, const char *key)
{
	yaml_node_t *m = yaml_document_get_node(d, map);
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);
		if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return p;
	}
	return NULL;
}

/* The mapping under key in map, created (or replacing a null) when needed;
 * 0 when the key holds something else. */
static int child_mapping(yaml_document_t *d, int map, const char *key)
{
	yaml_node_pair_t *p = find_pair(d, map, key);
	if (p) {
		yaml_node_t *v = yaml_document_get_node(d, p->value);
		if (v->type == YAML_MAPPING_NODE)
			return p->value;
		if (v->type != YAML_SCALAR_NODE || v->data.scalar.length != 0)
			return 0;
		p->value = yaml_document_add_mapping(d, NULL, YAML_BLOCK_MAPPING_STYLE);
		return p->value;
	}
	int m = yaml_document_add_mapping(d, NULL, YAML_BLOCK_MAPPING_STYLE);
	yaml_document_append_mapping_pair(d, map, add_plain(d, key), m);
	return m;
}

static void set_key(yaml_document_t *d, int map, const char *key, const char *value)
{
	yaml_node_pair_t *p = find_pair(d, map, key);
	if (!value) {
		if (p) { /* remove the pair: the node itself stays unreferenced */
			yaml_node_t *m = yaml_document_get_node(d, map);
			memmove(p, p + 1, (size_t)(m->data.mapping.pairs.top - p - 1) * sizeof *p);
			m->data.mapping.pairs.top--;
		}
		return;
	}
	int v = add_value(d, value);
	if (p)
		p->value = v;
	else
		yaml_document_append_mapping_pair(d, map, add_plain(d, key), v);
}

static int emit_to_buf(void *data, unsigned char *bytes, size_t size)
{
	buf_append(data, (const char *)bytes, size);
	return 1;
}

static int has_comment(const char *text)
{
	for (const char *p = text; (p = strchr(p, '#')); p++)
		if (p == text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n')
			return 1;
	return 0;
}

int config_edit_provider(const char *path, const char *name, const struct kv *sets,
			 size_t n_sets, bool *backup_made, struct clude_err *err)
{
	size_t len = 0;
	char *text = read_file(path, &len);
	if (!text && errno != ENOENT) {
		err_set(err, CLUDE_EIO, "%s: %s", path, strerror(errno));
		return -1;
	}
	*backup_made = false;

	/* refuse to rewrite a file that does not load: the user would lose it */
	struct config check;
	memset(&check, 0, sizeof check);
	if (text && config_parse(path, text, len, &check, err) != 0) {
		config_free(&check);
		free(text);
		return -1;
	}
	config_free(&check);

	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text ? text : ""), len);
	if (!yaml_parser_load(&parser, &doc)) {
		err_set(err, CLUDE_ECONFIG, "%s: cannot be parsed", path);
		yaml_parser_delete(&parser);
		free(text);
		return -1;
	}
	yaml_parser_delete(&parser);
	if (!yaml_document_get_root_node(&doc)) {
		yaml_document_delete(&doc);
		yaml_document_initialize(&doc, NULL, NULL, NULL, 1, 1);
		yaml_document_add_mapping(&doc, NULL, YAML_BLOCK_MAPPING_STYLE);
	}
	int providers = child_mapping(&doc, 1, "providers");
	int entry = providers ? child_mapping(&doc, providers, name) : 0;
	if (!entry) {
		err_set(err, CLUDE_ECONFIG, "%s: providers.%s is not a mapping; edit the file by hand",
			path, name);
		yaml_document_delete(&doc);
		free(text);
		return -1;
	}
	for (size_t i = 0; i < n_sets; i++)
		set_key(&doc, entry, sets[i].key, sets[i].value);

	struct buf out = { 0 };
	yaml_emitter_t em;
	yaml_emitter_initialize(&em);
	yaml_emitter_set_output(&em, emit_to_buf, &out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 100);
	int ok = yaml_emitter_open(&em) && yaml_emitter_dump(&em, &doc) && yaml_emitter_close(&em);
	yaml_emitter_delete(&em); /* yaml_emitter_dump consumed doc */
	if (!ok) {
		err_set(err, CLUDE_EIO, "%s: could not write YAML", path);
		buf_free(&out);
		free(text);
		return -1;
	}
	/* keep the directory private too: it holds keys and history */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir_p(dir, 0700);
	}
	int rc = 0;
	if (text && has_comment(text)) {
		char bak[4096];
		snprintf(bak, sizeof bak, "%s.bak", path);
		if (write_file_atomic(bak, text, len, 0600) == 0)
			*backup_made = true;
	}
	if (out.len && out.data[out.len - 1] != '\n')
		buf_putc(&out, '\n');
	if (write_file_atomic(path, out.data ? out.data : "", out.len, 0600) != 0) {
		err_set(err, CLUDE_EIO, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	buf_free(&out);
	free(text);
	return rc;
}
