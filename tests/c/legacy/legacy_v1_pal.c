/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: an application written for the v3 API uses an unchanged v1 PAL
 * (v1_pal_file.c) through OTA_V1_GetPalInterface.
 *
 * Phases (run in order in one directory, like reboots of one device):
 *   update    full download of image.bin; the v1 PAL writes firmware.bin,
 *             checks the real ECDSA signature through iot_crypto, activates;
 *   selftest  the next boot: the PAL reports PendingCommit, the job is in
 *             self test, the application accepts, the PAL commits;
 *   badsig    a tampered image: the PAL's signature check fails, the job
 *             fails, the file is deleted.
 *
 * The application does not define OTA_JsonFileSignatureKey: the v1 PAL's
 * cOTA_JSON_FileSignatureKey is that symbol (renamed by the v1 headers).
 */

#define OTA_USE_NONCONST_APPVERSION    1

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"
#include "ota_v1_adapter.h"
#include "legacy_common.h"
#include "env/vendor_env_test.h"

/* Written by a v3 application; changed per phase like a new firmware. */
AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 0 } };

/* Seen by the sample PAL. */
extern int test_v1pal_creates;
extern int test_v1pal_writes;
extern int test_v1pal_closes;
extern int test_v1pal_aborts;
extern int test_v1pal_activations;
extern int test_v1pal_context_mismatches;
extern uint32_t test_v1pal_file_size;
extern uint16_t test_v1pal_signature_size;
extern char test_v1pal_cert_path[];
extern char test_v1pal_file_path[];

#define STREAM       "stream-v1"
#define FILE_PATH    "firmware.bin"
#define CERT_PATH    "no-such-dir/signer.crt"

static uint32_t stateFile( void )
{
    uint32_t n = 0;
    uint32_t v = 0xffffffffUL;
    uint8_t * p = lc_read_file( "PlatformImageState.txt", &n );

    if( ( p != NULL ) && ( n == sizeof( v ) ) )
    {
        ( void ) memcpy( &v, p, sizeof( v ) );
    }

    free( p );
    return v;
}

static void start( const LcImage_t * img,
                   const char * jobId,
                   const char * statusDetails )
{
    char exec[ 2048 ];

    fake_cloud_add_stream( STREAM, 0U, img->data, img->size );
    ( void ) lc_job_mqtt( exec, sizeof( exec ), jobId, STREAM, FILE_PATH, CERT_PATH, img->size, img->sig, statusDetails );
    fake_cloud_set_next_job( exec );

    CHECK( OTA_V1_GetPalInterface( &fake_interfaces()->pal ), "OTA_V1_GetPalInterface" );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init with the v1 PAL" );
    ( void ) fake_drive();
}

static void phase_update( void )
{
    LcImage_t img;
    uint32_t n = 0;
    uint8_t * written;
    size_t mq0 = fake_mqtt_count();

    lc_load_image( "image", &img );
    start( &img, "job-v1pal-1", NULL );

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the download" );
    CHECK_STR( "sig-sha256-ecdsa", OTA_JsonFileSignatureKey, "OTA_JsonFileSignatureKey is the v1 PAL's key" );
    CHECK_INT( 1, test_v1pal_creates, "prvPAL_CreateFileForRx calls" );
    CHECK_INT( lc_blocks( img.size ), test_v1pal_writes, "prvPAL_WriteBlock calls" );
    CHECK_INT( 1, test_v1pal_closes, "prvPAL_CloseFile calls" );
    CHECK( test_v1pal_aborts >= 1, "prvPAL_Abort ends the file" );
    CHECK_INT( 1, test_v1pal_activations, "prvPAL_ActivateNewImage calls (from OTA_ActivateNewImage in the callback)" );
    CHECK_INT( 0, test_v1pal_context_mismatches, "calls with another context or file handle than createFile's" );
    CHECK_INT( img.size, test_v1pal_file_size, "ulFileSize seen by the PAL" );
    CHECK_STR( FILE_PATH, test_v1pal_file_path, "pucFilePath seen by the PAL" );
    CHECK_STR( CERT_PATH, test_v1pal_cert_path, "pucCertFilepath seen by the PAL" );
    CHECK( ( test_v1pal_signature_size > 64U ) && ( test_v1pal_signature_size <= 72U ),
           "pxSignature->usSize %u is not a DER P-256 signature length", test_v1pal_signature_size );
    CHECK_INT( 1, test_crypto_verified, "signatures verified by the PAL" );

    written = lc_read_file( FILE_PATH, &n );
    CHECK( ( written != NULL ) && ( n == img.size ) && ( memcmp( written, img.data, n ) == 0 ),
           "firmware.bin differs from the image served (%u of %u bytes)", n, img.size );
    free( written );

    CHECK_INT( 1, fake_mqtt_count_status( mq0, "job-v1pal-1", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "self_test ready status" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    {
        long i = fake_cb_find( 0, OtaJobEventActivate );
        CHECK( ( i >= 0 ) && ( fake_cb_get( ( size_t ) i )->apiResult == OtaErrNone ), "OTA_ActivateNewImage result" );
    }
    CHECK_INT( 1, stateFile(), "PAL image state after activation (eOTA_ImageState_Testing)" );
    CHECK_INT( OtaPalImageStatePendingCommit, fake_interfaces()->pal.getPlatformImageState( NULL ), "platform state via the adapter" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_selftest( void )
{
    LcImage_t img;
    size_t mq0 = fake_mqtt_count();

    lc_load_image( "image", &img );
    appFirmwareVersion.u.x.build = 1;   /* the new image runs */
    fake_app.selfTest = OtaImageStateAccepted;
    start( &img, "job-v1pal-1", "{\"self_test\":\"ready\",\"updatedBy\":\"0x1000000\"}" );

    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventStartTest ), "StartTest callbacks" );
    {
        long i = fake_cb_find( 0, OtaJobEventStartTest );
        CHECK( ( i >= 0 ) && ( fake_cb_get( ( size_t ) i )->apiResult == OtaErrNone ),
               "OTA_SetImageState( Accepted ) in the self test" );
    }
    CHECK_INT( 2, stateFile(), "PAL image state after the accept (eOTA_ImageState_Accepted)" );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, "job-v1pal-1", "{\"status\":\"SUCCEEDED\"" ), "SUCCEEDED status" );
    CHECK_INT( 0, test_v1pal_creates, "no download in the self test" );
    CHECK_INT( OtaPalImageStateValid, fake_interfaces()->pal.getPlatformImageState( NULL ), "platform state after the accept" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_badsig( void )
{
    LcImage_t img;
    size_t mq0 = fake_mqtt_count();

    lc_load_image( "image", &img );
    img.data[ img.size / 2U ] ^= 0x40U; /* tampered on the way */
    start( &img, "job-v1pal-2", NULL );

    CHECK_INT( 1, test_v1pal_closes, "prvPAL_CloseFile calls" );
    CHECK_INT( 0, test_crypto_verified, "signatures verified" );
    CHECK_INT( 0, test_v1pal_activations, "activations of a bad image" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventFail ), "Fail callbacks" );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, "job-v1pal-2", "{\"status\":\"FAILED\"" ), "FAILED status" );
    {
        /* kOTA_Err_SignatureCheckFailed reached the agent as OtaPalSignatureCheckFailed. */
        long i = fake_cb_find( 0, OtaJobEventFail );
        CHECK( i >= 0, "no Fail callback" );

        if( i >= 0 )
        {
            CHECK_INT( OtaPalSignatureCheckFailed, fake_cb_get( ( size_t ) i )->reason, "Fail reason (PAL main code)" );
        }
    }
    CHECK( !lc_file_exists( FILE_PATH ), "the PAL left the rejected file behind" );
    CHECK_INT( 3, stateFile(), "PAL image state after the failure (eOTA_ImageState_Rejected)" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

int main( int argc,
          char ** argv )
{
    static const LcPhase_t phases[] =
    {
        { "update", phase_update },
        { "selftest", phase_selftest },
        { "badsig", phase_badsig }
    };

    return lc_run_phase( argc, argv, "legacy_v1_pal", phases, sizeof( phases ) / sizeof( phases[ 0 ] ) );
}
