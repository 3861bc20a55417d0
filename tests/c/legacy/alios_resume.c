/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: interrupted downloads through the AliOS adapter and the sample
 * port, resumed by the next process (the next boot) from the breakpoint,
 * not from zero. The adapter breaks every 2 blocks; the port keeps its
 * CRC-16 across breakpoints in its key-value store.
 *
 * Phases (the harness runs them in sequences, each in a fresh directory):
 *   kill      power cut: the process ends with _exit( 42 ) when the cloud is
 *             about to send block 9;
 *   graceful  the network loses every block from 7 on; the application
 *             shuts the agent down, which abandons the transfer (the adapter
 *             notes an OTA_BREAKPOINT);
 *   resume    the next boot: the download continues at the breakpoint (no
 *             block before it is sent again), the image is complete and
 *             verified, and the CRC the port reports at OTA_FINISH is the
 *             CRC of the whole image;
 *   corrupt   as resume, but the stored bytes were damaged meanwhile: the
 *             CRC check on resume fails and the download starts over;
 *   otherjob  as resume, but the cloud now offers another job and image:
 *             the breakpoint is not used.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"
#include "ota_alios_adapter.h"
#include "legacy_common.h"
#include "alios_common.h"
#include "env/vendor_env_test.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 0 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define STREAM        "stream-resume"
#define JOB_ID        "job-resume-1"
#define OTHER_JOB     "job-resume-2"
#define KILL_BLOCK    9U
#define LOSE_FROM     7U

static OtaAliOSConfig_t cfg;

static BlockAction_t killFilter( uint32_t blockIndex,
                                 unsigned delivery )
{
    if( ( blockIndex == KILL_BLOCK ) && ( delivery == 0U ) )
    {
        lc_power_cut( 42 );
    }

    return BLOCK_DELIVER;
}

static BlockAction_t loseFilter( uint32_t blockIndex,
                                 unsigned delivery )
{
    ( void ) delivery;
    return ( blockIndex >= LOSE_FROM ) ? BLOCK_DROP : BLOCK_DELIVER;
}

static void start( const LcImage_t * img,
                   const char * jobId )
{
    char exec[ 2048 ];

    fake_cloud_add_stream( STREAM, 0U, img->data, img->size );
    ( void ) lc_job_mqtt( exec, sizeof( exec ), jobId, STREAM, "/flash/app", "signer.crt", img->size, img->sig, NULL );
    fake_cloud_set_next_job( exec );

    alios_config( &cfg, &file_ota_module, 2U );
    CHECK( OTA_AliOS_GetPalInterface( &fake_interfaces()->pal, &cfg ), "OTA_AliOS_GetPalInterface" );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();
}

static void phase_kill( void )
{
    LcImage_t img;

    lc_load_image( "image", &img );
    fake_cloud.filter = killFilter;
    start( &img, JOB_ID );
    CHECK( false, "the power cut at block %u did not happen", KILL_BLOCK );
}

static void phase_graceful( void )
{
    LcImage_t img;

    lc_load_image( "image", &img );
    fake_cloud.filter = loseFilter;
    start( &img, JOB_ID );
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state with the blocks lost" );
    CHECK_INT( 0, test_aos_reboots, "reboots" );
    CHECK( lc_file_exists( "ota_agent_bp.bin" ), "no record before the shutdown" );
    fake_shutdown_agent( 1 );
    CHECK( lc_file_exists( "kv.hal_ota_get_crc16" ), "the port saved no CRC at the breakpoint" );
    free( img.data );
}

/* expectResume: the download must continue from a breakpoint (true) or start
 * over (false). */
static void resumeAndCheck( const char * imageName,
                            const char * jobId,
                            bool expectResume )
{
    LcImage_t img;
    AliosFlag_t flag;
    OtaAgentStatistics_t stats;
    uint32_t blocks;
    uint32_t resumed;
    uint32_t sent = 0;
    uint32_t i;

    lc_load_image( imageName, &img );
    blocks = lc_blocks( img.size );
    start( &img, jobId );

    resumed = OTA_AliOS_GetResumeOffset() / ABI_BLOCK_SIZE;
    abi_note( "resumed after %u of %u blocks", resumed, blocks );

    if( expectResume )
    {
        CHECK( resumed > 0U, "the download started over" );
        CHECK_INT( 0, OTA_AliOS_GetResumeOffset() % ABI_BLOCK_SIZE, "resume offset on a block boundary" );
        CHECK( resumed < blocks, "resumed after the last block" );
    }
    else
    {
        CHECK_INT( 0, resumed, "blocks kept" );
    }

    for( i = 0; i < blocks; i++ )
    {
        sent += fake_cloud_block_sends( i );

        if( i < resumed )
        {
            CHECK( fake_cloud_block_sends( i ) == 0U, "block %u, before the breakpoint, was sent again", i );
        }
        else
        {
            CHECK( fake_cloud_block_sends( i ) >= 1U, "block %u was never sent", i );
        }
    }

    CHECK_INT( blocks - resumed, sent, "blocks downloaded by this boot" );
    CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), "OTA_GetStatistics" );
    CHECK_INT( blocks - resumed, stats.otaPacketsProcessed, "blocks processed by this boot" );
    CHECK( alios_partition_holds( img.data, img.size ), "the OTA partition does not hold the image" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks (image verified)" );
    CHECK_INT( 1, test_aos_reboots, "reboots by OTA_FINISH" );
    CHECK( alios_read_flag( &flag ), "no boot flag" );
    CHECK_INT( 1, flag.upgrade_flag, "boot flag: switch to the new image" );
    CHECK_INT( img.size, flag.image_len, "image length the port counted over both boots" );
    CHECK_INT( alios_port_crc( img.data, img.size ), flag.image_crc, "the port's CRC over both boots" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_resume( void )
{
    resumeAndCheck( "image", JOB_ID, true );
}

static void phase_corrupt( void )
{
    CHECK( alios_corrupt_partition( 100U ), "could not damage the partition" );
    resumeAndCheck( "image", JOB_ID, false );
}

static void phase_otherjob( void )
{
    resumeAndCheck( "other", OTHER_JOB, false );
}

int main( int argc,
          char ** argv )
{
    static const LcPhase_t phases[] =
    {
        { "kill", phase_kill },
        { "graceful", phase_graceful },
        { "resume", phase_resume },
        { "corrupt", phase_corrupt },
        { "otherjob", phase_otherjob }
    };

    return lc_run_phase( argc, argv, "alios_resume", phases, sizeof( phases ) / sizeof( phases[ 0 ] ) );
}
