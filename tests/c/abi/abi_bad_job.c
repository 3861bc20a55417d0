/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: hostile or broken job documents, one after another, while the agent
 * waits for a job. None may open a file. A document that names a job (has an
 * execution.jobId) must be answered with a FAILED status for that job; documents
 * without a usable job id get no status. After each one the agent is back waiting
 * and the buffer has been returned. A good job at the end still downloads.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define STREAM    "stream-bad"
#define SIZE      5000U

static char g_doc[ 8192 ];

/* Wraps an execution object as the Jobs service's $next/get answer. */
static const char * accepted( const char * executionJson )
{
    ( void ) snprintf( g_doc, sizeof( g_doc ), "{\"clientToken\":\"7:%s\",\"timestamp\":1700000000,\"execution\":%s}",
                       ABI_THING_NAME, executionJson );
    return g_doc;
}

static const char * with_afr( const char * jobId,
                              const char * afrOta )
{
    static char exec[ 6144 ];

    ( void ) job_exec( exec, sizeof( exec ), jobId, NULL, afrOta );
    return accepted( exec );
}

/* afr_ota with one file whose fields are given verbatim. */
static const char * with_file( const char * jobId,
                               const char * fileFields )
{
    static char afr[ 4096 ];

    ( void ) snprintf( afr, sizeof( afr ), "{\"protocols\":[\"MQTT\"],\"streamname\":\"%s\",\"files\":[{%s}]}", STREAM, fileFields );
    return with_afr( jobId, afr );
}

static const char * last_status_payload( size_t from,
                                         const char * jobId )
{
    size_t i;
    const char * found = "(none)";
    const char * t = topic_update( jobId );

    for( i = from; i < fake_mqtt_count(); i++ )
    {
        const MqRec_t * r = fake_mqtt_get( i );

        if( ( r->op == MQ_PUB ) && ( strcmp( r->topic, t ) == 0 ) )
        {
            found = ( const char * ) r->payload;
        }
    }

    return found;
}

/* Delivers one document and checks the common outcome. jobId NULL: no job id usable. */
static void bad_case( const char * label,
                      const char * jobId,
                      const char * doc )
{
    size_t mq = fake_mqtt_count();
    size_t pal = fake_pal_count();
    size_t cb = fake_cb_count();

    CHECK_STATE( OtaAgentStateWaitingForJob, label );
    CHECK( fake_signal_job_raw( doc, strlen( doc ) ), "%s: OTA_SignalEvent failed", label );
    ( void ) fake_drive();

    CHECK( fake_pal_count_op( pal, PAL_CREATE ) == 0U, "%s: createFile was called (path \"%s\", size %u)", label,
           ( fake_pal_count() > pal ) ? fake_pal_get( pal )->path : "", ( fake_pal_count() > pal ) ? fake_pal_get( pal )->fileSize : 0U );
    CHECK( fake_pal_count_op( pal, PAL_WRITE ) == 0U, "%s: blocks were written", label );
    CHECK( fake_mqtt_count_op( mq, MQ_SUB, topic_stream_data( STREAM ) ) == 0U, "%s: subscribed to the stream", label );
    CHECK_INT( 0, fake_cb_count_event( cb, OtaJobEventActivate ), "Activate callbacks" );
    CHECK( fake_pool_outstanding() == 0, "%s: the job document buffer was not returned", label );
    CHECK( ( OTA_GetState() == OtaAgentStateWaitingForJob ), "%s: agent state %d afterwards, expected WaitingForJob (%d)", label,
           ( int ) OTA_GetState(), ( int ) OtaAgentStateWaitingForJob );

    if( jobId != NULL )
    {
        CHECK( fake_mqtt_count_status( mq, jobId, "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"" ) == 1U,
               "%s: expected one FAILED status on %s, got: %s", label, topic_update( jobId ), last_status_payload( mq, jobId ) );
        CHECK( fake_mqtt_count_status( mq, jobId, "{\"status\":\"IN_PROGRESS\"" ) == 0U, "%s: IN_PROGRESS status sent", label );
        abi_note( "%-28s -> %s", label, last_status_payload( mq, jobId ) );
    }
    else
    {
        CHECK( fake_mqtt_count_any_status( mq ) == 0U, "%s: a job status was published for a document without a usable job id",
               label );
        abi_note( "%-28s -> no status", label );
    }

    /* If the agent went back to the service, it gets "no job". */
}

int main( void )
{
    char sig600[ 700 ];
    char fields[ 2048 ];
    char longPath[ 400 ];
    char longId[ 128 ];
    const char * sig = fake_signature_b64();
    size_t i;

    fake_setup( "bad_job" );
    fake_cloud_set_next_job( NULL );

    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();
    CHECK_STATE( OtaAgentStateWaitingForJob, "state with no job pending" );

#define FILE_OK_REST    "\"certfile\":\"" ABI_CERT_PATH "\",\"sig-sha256-ecdsa\":\"%s\""

    /* Missing required fields. */
    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "missing filesize", "bad-nosize", with_file( "bad-nosize", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":%u," FILE_OK_REST, SIZE, sig );
    bad_case( "missing fileid", "bad-noid", with_file( "bad-noid", fields ) );

    {
        char afr[ 2048 ];

        ( void ) snprintf( afr, sizeof( afr ),
                           "{\"streamname\":\"%s\",\"files\":[{\"filepath\":\"/ota/f.bin\",\"filesize\":%u,\"fileid\":0," FILE_OK_REST "}]}",
                           STREAM, SIZE, sig );
        bad_case( "missing protocols", "bad-noproto", with_afr( "bad-noproto", afr ) );

        ( void ) snprintf( afr, sizeof( afr ), "{\"protocols\":[\"MQTT\"],\"streamname\":\"%s\"}", STREAM );
        bad_case( "missing files", "bad-nofiles", with_afr( "bad-nofiles", afr ) );
    }

    {
        char exec[ 1024 ];

        ( void ) snprintf( exec, sizeof( exec ),
                           "{\"jobId\":\"bad-noafr\",\"status\":\"QUEUED\",\"versionNumber\":1,\"executionNumber\":1,"
                           "\"jobDocument\":{\"operation\":\"reboot\"}}" );
        bad_case( "missing afr_ota", "bad-noafr", accepted( exec ) );
    }

    /* Wrong types. */
    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":\"abc\",\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize is a string", "bad-sizestr", with_file( "bad-sizestr", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":{\"n\":1},\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize is an object", "bad-sizeobj", with_file( "bad-sizeobj", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":12.5e3,\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize is a float", "bad-sizefloat", with_file( "bad-sizefloat", fields ) );

    {
        char afr[ 2048 ];

        ( void ) snprintf( afr, sizeof( afr ),
                           "{\"protocols\":[\"MQTT\"],\"streamname\":\"%s\",\"files\":{\"filepath\":\"/ota/f.bin\",\"filesize\":%u,"
                           "\"fileid\":0," FILE_OK_REST "}}", STREAM, SIZE, sig );
        bad_case( "files is an object", "bad-filesobj", with_afr( "bad-filesobj", afr ) );
    }

    /* Hostile values. */
    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"../../etc/passwd\",\"filesize\":%u,\"fileid\":0," FILE_OK_REST, SIZE, sig );
    bad_case( "filepath ../../etc/passwd", "bad-path", with_file( "bad-path", fields ) );

    ( void ) memset( longPath, 'p', sizeof( longPath ) );
    longPath[ 0 ] = '/';
    longPath[ 300 ] = '\0';
    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"%s\",\"filesize\":%u,\"fileid\":0," FILE_OK_REST, longPath, SIZE, sig );
    bad_case( "filepath longer than buffer", "bad-longpath", with_file( "bad-longpath", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":2097152,\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize over bitmap limit", "bad-huge", with_file( "bad-huge", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":5000000000,\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize over 32 bits", "bad-u33", with_file( "bad-u33", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":4294967295,\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize UINT32_MAX", "bad-u32max", with_file( "bad-u32max", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":-1,\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize -1", "bad-negsize", with_file( "bad-negsize", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":%u,\"fileid\":-5," FILE_OK_REST, SIZE, sig );
    bad_case( "fileid -5", "bad-negid", with_file( "bad-negid", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":0,\"fileid\":0," FILE_OK_REST, sig );
    bad_case( "filesize 0", "bad-zero", with_file( "bad-zero", fields ) );

    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":%u,\"fileid\":0," FILE_OK_REST, SIZE,
                       "!!!not*base64!!!" );
    bad_case( "signature not base64", "bad-b64", with_file( "bad-b64", fields ) );

    for( i = 0; i < 600U; i++ )
    {
        sig600[ i ] = ( char ) ( 'A' + ( i % 26U ) );
    }

    sig600[ 600 ] = '\0';
    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":%u,\"fileid\":0," FILE_OK_REST, SIZE, sig600 );
    bad_case( "signature over 384 bytes", "bad-bigsig", with_file( "bad-bigsig", fields ) );

    /* Documents without a usable job id. */
    ( void ) memset( longId, 'j', sizeof( longId ) );
    longId[ 100 ] = '\0';
    ( void ) snprintf( fields, sizeof( fields ), "\"filepath\":\"/ota/f.bin\",\"filesize\":%u,\"fileid\":0," FILE_OK_REST, SIZE, sig );
    {
        const char * doc = with_file( longId, fields );
        size_t mq = fake_mqtt_count();
        size_t pal = fake_pal_count();

        CHECK( fake_signal_job_raw( doc, strlen( doc ) ), "long job id: OTA_SignalEvent failed" );
        ( void ) fake_drive();
        CHECK( fake_pal_count_op( pal, PAL_CREATE ) == 0U, "job id of 100 characters (limit 72): createFile was called" );
        CHECK( fake_mqtt_count_status( mq, longId, "{\"status\":\"IN_PROGRESS\"" ) == 0U, "job id of 100 characters: IN_PROGRESS sent" );
        CHECK_STATE( OtaAgentStateWaitingForJob, "state after a job id of 100 characters" );
        CHECK( fake_pool_outstanding() == 0, "job id of 100 characters: buffer not returned" );
    }

    bad_case( "not JSON", NULL, "this is not a job document" );
    bad_case( "truncated JSON", NULL, "{\"clientToken\":\"7:abi-thing\",\"timestamp\":1700000000,\"execu" );
    bad_case( "empty job document", NULL, "{\"clientToken\":\"7:abi-thing\",\"timestamp\":1700000000}" );
    bad_case( "JSON array", NULL, "[1,2,3]" );
    bad_case( "empty message", NULL, "" );

    /* An unknown protocol: whatever was opened must be aborted and the job failed. */
    {
        char afr[ 2048 ];
        const char * doc;
        size_t mq = fake_mqtt_count();
        size_t pal = fake_pal_count();

        ( void ) snprintf( afr, sizeof( afr ),
                           "{\"protocols\":[\"FTP\"],\"streamname\":\"%s\",\"files\":[{\"filepath\":\"/ota/f.bin\",\"filesize\":%u,"
                           "\"fileid\":0," FILE_OK_REST "}]}", STREAM, SIZE, sig );
        doc = with_afr( "bad-ftp", afr );
        CHECK( fake_signal_job_raw( doc, strlen( doc ) ), "FTP: OTA_SignalEvent failed" );
        ( void ) fake_drive();

        CHECK_INT( 0, fake_pal_count_op( pal, PAL_WRITE ), "FTP: writes" );
        CHECK( fake_pal_count_op( pal, PAL_CREATE ) <= fake_pal_count_op( pal, PAL_ABORT ), "FTP: a created file was not aborted" );
        CHECK( fake_mqtt_count_status( mq, "bad-ftp", "{\"status\":\"FAILED\"" ) == 1U, "protocols [\"FTP\"]: expected one FAILED status, got: %s",
               last_status_payload( mq, "bad-ftp" ) );
        abi_note( "%-28s -> %s", "protocols [\"FTP\"]", last_status_payload( mq, "bad-ftp" ) );
        CHECK_STATE( OtaAgentStateWaitingForJob, "state after protocols [\"FTP\"]" );
        CHECK( fake_pool_outstanding() == 0, "FTP: buffer not returned" );
    }

    /* The agent is not wedged: a good job still downloads. */
    {
        static uint8_t image[ SIZE ];
        char afr[ 1024 ];
        char exec[ 2048 ];
        size_t pal = fake_pal_count();

        fake_make_bytes( image, sizeof( image ), 7U );
        fake_cloud_add_stream( STREAM, 0U, image, SIZE );
        ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, SIZE, 0U, sig, "" );
        ( void ) job_exec( exec, sizeof( exec ), "good-after-bad", NULL, afr );
        CHECK( fake_cloud_notify_next( exec ), "notify-next with the good job" );
        ( void ) fake_drive();
        fake_expect_image( pal, image, SIZE, "good job after the bad ones" );
        CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks (the good job only)" );
    }

    fake_shutdown_agent( 1 );
    return fake_finish();
}
