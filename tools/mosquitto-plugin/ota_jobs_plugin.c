/*
 * ota_jobs_plugin: AWS IoT Jobs implicit response delivery for mosquitto 2.0.
 *
 * AWS IoT delivers a Jobs API response ($aws/things/<thing>/jobs/.../accepted
 * or .../rejected) to the client that made the request, whether or not that
 * client subscribed to the response topic. Plain mosquitto only delivers to
 * subscribers, so an OTA agent that never subscribes to $next/get/accepted
 * never sees its job. This plugin adds the AWS behaviour:
 *
 *  - when a client publishes a Jobs request ($next/get, <jobId>/get,
 *    <jobId>/update, start-next, get) for <thing>, it becomes the requester of
 *    <thing>;
 *  - when any client publishes a Jobs response for <thing>, the message is
 *    routed normally to subscribers and, if the requester did not receive it
 *    that way, it is sent to the requester directly. Never twice.
 *
 * How "did not receive it that way" is known: while mosquitto routes a message
 * it asks the ACL check (MOSQ_ACL_READ) for every subscriber it is about to
 * deliver to; the plugin watches those checks (and grants them). A response
 * still marked undelivered once routing is over is sent on the next broker
 * tick, or before the next message is handled, with
 * mosquitto_broker_publish_copy(<requester client id>, ...).
 *
 * Because it registers an ACL check that grants everything, use it only on
 * test brokers without other access control.
 *
 * mosquitto.conf:
 *     listener 1883 127.0.0.1
 *     allow_anonymous true
 *     plugin /path/to/ota_jobs_plugin.so
 *     plugin_opt_verbose true     (optional: log each implicit delivery)
 *
 * SPDX-License-Identifier: MIT
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define JOBS_PREFIX "$aws/things/"

struct requester {
	char *thing;
	char *client_id;
	struct requester *next;
};

struct pending {
	char *topic;
	char *client_id;
	void *payload;
	int payloadlen;
	int qos;
	bool delivered;
	struct pending *next;
};

static mosquitto_plugin_id_t *plugin_id;
static struct requester *requesters;
static struct pending *pending_head;
static struct pending *pending_tail;
static bool verbose;
static bool have_tick;

enum jobs_kind { JOBS_NONE, JOBS_REQUEST, JOBS_RESPONSE };

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Classifies a topic; on success *thing / *thing_len point into it. */
static enum jobs_kind classify(const char *topic, const char **thing, size_t *thing_len)
{
	const char *t, *slash, *api;
	size_t api_len;

	if(strncmp(topic, JOBS_PREFIX, strlen(JOBS_PREFIX)) != 0) return JOBS_NONE;
	t = topic + strlen(JOBS_PREFIX);
	slash = strchr(t, '/');
	if(slash == NULL || slash == t) return JOBS_NONE;
	if(strncmp(slash, "/jobs/", 6) != 0) return JOBS_NONE;
	api = slash + 6;
	api_len = strlen(api);
	if(api_len == 0) return JOBS_NONE;
	*thing = t;
	*thing_len = (size_t)(slash - t);

	if(ends_with(api, api_len, "/accepted") || ends_with(api, api_len, "/rejected")) {
		return JOBS_RESPONSE;
	}
	if(strcmp(api, "start-next") == 0 || strcmp(api, "get") == 0) return JOBS_REQUEST;
	if(ends_with(api, api_len, "/get") || ends_with(api, api_len, "/update")) {
		/* <jobId>/get or <jobId>/update: exactly one level before the verb. */
		const char *first = strchr(api, '/');
		const char *last = strrchr(api, '/');
		if(first == last && first != api) return JOBS_REQUEST;
	}
	return JOBS_NONE;
}

static struct requester *find_requester(const char *thing, size_t len)
{
	struct requester *r;
	for(r = requesters; r; r = r->next) {
		if(strlen(r->thing) == len && memcmp(r->thing, thing, len) == 0) return r;
	}
	return NULL;
}

static void remember_requester(const char *thing, size_t len, const char *client_id)
{
	struct requester *r = find_requester(thing, len);
	char *id = strdup(client_id);

	if(id == NULL) return;
	if(r) {
		free(r->client_id);
		r->client_id = id;
		return;
	}
	r = calloc(1, sizeof(*r));
	if(r == NULL || (r->thing = strndup(thing, len)) == NULL) {
		free(r);
		free(id);
		return;
	}
	r->client_id = id;
	r->next = requesters;
	requesters = r;
}

static void free_pending(struct pending *p)
{
	free(p->topic);
	free(p->client_id);
	free(p->payload);
	free(p);
}

/* Sends every response that routing did not bring to its requester. */
static void flush_pending(void)
{
	struct pending *p = pending_head, *next;

	pending_head = pending_tail = NULL;
	for(; p; p = next) {
		next = p->next;
		if(!p->delivered) {
			int rc = mosquitto_broker_publish_copy(p->client_id, p->topic, p->payloadlen,
					p->payload, p->qos, false, NULL);
			if(verbose || rc != MOSQ_ERR_SUCCESS) {
				mosquitto_log_printf(MOSQ_LOG_INFO, "ota_jobs_plugin: %s %s to %s (rc %d)",
						rc == MOSQ_ERR_SUCCESS ? "delivered" : "could not deliver",
						p->topic, p->client_id, rc);
			}
		}
		free_pending(p);
	}
}

static void add_pending(const char *topic, const char *client_id, const void *payload, uint32_t len, int qos)
{
	struct pending *p = calloc(1, sizeof(*p));

	if(p == NULL) return;
	p->topic = strdup(topic);
	p->client_id = strdup(client_id);
	p->payloadlen = (int)len;
	p->qos = qos > 1 ? 1 : qos;
	if(len > 0) {
		p->payload = malloc(len);
		if(p->payload) memcpy(p->payload, payload, len);
	}
	if(p->topic == NULL || p->client_id == NULL || (len > 0 && p->payload == NULL)) {
		free_pending(p);
		return;
	}
	if(pending_tail) {
		pending_tail->next = p;
	} else {
		pending_head = p;
	}
	pending_tail = p;
}

static int on_message(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_message *ev = event_data;
	const char *client_id, *thing;
	size_t thing_len;
	struct requester *r;
	(void)event;
	(void)userdata;

	/* Routing of any earlier message is complete by now. */
	flush_pending();
	if(ev->topic == NULL) return MOSQ_ERR_SUCCESS;
	client_id = mosquitto_client_id(ev->client);

	switch(classify(ev->topic, &thing, &thing_len)) {
	case JOBS_REQUEST:
		if(client_id) remember_requester(thing, thing_len, client_id);
		break;
	case JOBS_RESPONSE:
		r = find_requester(thing, thing_len);
		if(r) {
			add_pending(ev->topic, r->client_id, ev->payload, ev->payloadlen, ev->qos);
			if(!have_tick) flush_pending(); /* no tick: deliver at once, duplicates possible */
		}
		break;
	default:
		break;
	}
	return MOSQ_ERR_SUCCESS;
}

static int on_acl_check(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_acl_check *ev = event_data;
	struct pending *p;
	const char *client_id;
	(void)event;
	(void)userdata;

	if(ev->access == MOSQ_ACL_READ && ev->topic && pending_head) {
		client_id = mosquitto_client_id(ev->client);
		for(p = pending_head; p && client_id; p = p->next) {
			if(!p->delivered && strcmp(p->client_id, client_id) == 0 && strcmp(p->topic, ev->topic) == 0) {
				p->delivered = true;
			}
		}
	}
	return MOSQ_ERR_SUCCESS;
}

static int on_tick(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)event_data;
	(void)userdata;
	if(pending_head) flush_pending();
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	int i;
	for(i = 0; i < supported_version_count; i++) {
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata,
		struct mosquitto_opt *options, int option_count)
{
	int i, rc;
	(void)userdata;

	plugin_id = identifier;
	for(i = 0; i < option_count; i++) {
		if(strcmp(options[i].key, "verbose") == 0) {
			verbose = strcmp(options[i].value, "true") == 0 || strcmp(options[i].value, "1") == 0;
		}
	}
	rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL, NULL);
	if(rc != MOSQ_ERR_SUCCESS) return rc;
	rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL, NULL);
	if(rc != MOSQ_ERR_SUCCESS) return rc;
	have_tick = mosquitto_callback_register(plugin_id, MOSQ_EVT_TICK, on_tick, NULL, NULL) == MOSQ_ERR_SUCCESS;
	mosquitto_log_printf(MOSQ_LOG_INFO, "ota_jobs_plugin: AWS IoT Jobs implicit delivery enabled%s",
			have_tick ? "" : " (no tick event: responses may reach subscribed requesters twice)");
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	struct requester *r, *next;
	(void)userdata;
	(void)options;
	(void)option_count;

	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL);
	if(have_tick) mosquitto_callback_unregister(plugin_id, MOSQ_EVT_TICK, on_tick, NULL);
	while(pending_head) {
		struct pending *p = pending_head;
		pending_head = p->next;
		free_pending(p);
	}
	pending_tail = NULL;
	for(r = requesters; r; r = next) {
		next = r->next;
		free(r->thing);
		free(r->client_id);
		free(r);
	}
	requesters = NULL;
	return MOSQ_ERR_SUCCESS;
}
